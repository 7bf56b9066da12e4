import ArgumentParser
import Foundation
import KDZoo
import KDZooCatalog

/// `kdzoo list`: the architectures, distillation methods and datasets this build knows.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the registered architectures (variants, parameters, MACs), distillation methods and datasets.",
        discussion: """
            Parameters and MACs (multiply-accumulates per sample) are those of each architecture's \
            default variant on its default data (CIFAR-100 or MNIST), or on --input/--classes. \
            Datasets are the .h5 files under the zoo's data folder ($KDZOO_HOME/data or ./zoo/data).
            """)

    @Option(help: "Only architectures that can read this input, e.g. 1x28x28 or 100x40.")
    var input: String?

    @Option(help: "Size the networks for this many classes (default: each architecture's own).")
    var classes: Int?

    @Option(help: "Only architectures solving this task.")
    var task: Task?

    @Flag(help: "Print the list as JSON.")
    var json = false

    func validate() throws {
        if let classes, classes < 1 { throw ValidationError("--classes must be at least 1, got \(classes)") }
    }

    func run() throws {
        let architectures = try ZooListing.architectures(in: Catalog.makeRegistry(), task: task,
                                                         data: input.map(InputSpec.init(parsing:)), classes: classes)
        let listing = ZooListing(architectures: architectures, methods: ZooListing.methods, datasets: ZooListing.datasets)
        print(json ? try JSONOutput.render(listing) : Self.render(listing))
    }

    static func render(_ listing: ZooListing) -> String {
        var sections: [String] = []
        if listing.architectures.isEmpty {
            sections.append("no registered architecture matches; `kdzoo list` shows them all")
        } else {
            var table = TextTable(["architecture", "aliases", "task", "variants", "default", "input", "params", "MACs"],
                                  rightAligned: [6, 7])
            for entry in listing.architectures {
                table.append([entry.name, entry.aliases.joined(separator: ", "), entry.task.rawValue,
                              entry.variants.joined(separator: " "), entry.defaultVariant,
                              "\(entry.input.dimensions) -> \(entry.classes)", Quantity.count(entry.parameters), Quantity.count(entry.macs)])
            }
            sections.append(table.render())
            sections.append(listing.architectures.map { "\($0.name): \($0.summary)" }.joined(separator: "\n"))
        }
        var methods = TextTable(["method", "summary"])
        for method in listing.methods { methods.append([method.name, method.summary]) }
        sections.append(methods.render())
        var datasets = TextTable(["dataset", "kind", "sample", "classes", "splits"], rightAligned: [3])
        for dataset in listing.datasets {
            if let problem = dataset.problem {
                datasets.append([dataset.name, "unreadable: \(problem)", "", "", ""])
            } else {
                datasets.append([dataset.name, dataset.sample.map { $0.layout.rawValue } ?? "", dataset.sample?.dimensions ?? "",
                                 String(dataset.classes), dataset.splits.joined(separator: " ")])
            }
        }
        sections.append(listing.datasets.isEmpty ? "no datasets under \(ZooLocation.data.path)" : datasets.render())
        return sections.joined(separator: "\n\n")
    }
}

extension Task: ExpressibleByArgument {}
