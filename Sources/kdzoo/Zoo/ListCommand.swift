import ArgumentParser
import Foundation
import KDZoo
import KDZooCatalog

/// `kdzoo list`: the architectures this build knows, each sized on its default data.
struct ListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the registered architectures with their variants, parameters and MACs.",
        discussion: """
            Parameters and MACs (multiply-accumulates per sample) are those of each architecture's \
            default variant on its default data (CIFAR-100 or MNIST), or on --input/--classes.
            """)

    @Option(help: "Only architectures that can read this input, e.g. 1x28x28 or 100x40.")
    var input: String?

    @Option(help: "Size the networks for this many classes (default: each architecture's own).")
    var classes: Int?

    @Option(help: "Only architectures solving this task.")
    var task: Task?

    @Flag(help: "Print the list as JSON.")
    var json = false

    /// One row of the listing.
    struct Entry: Encodable {
        let name: String
        let aliases: [String]
        let summary: String
        let task: Task
        let variants: [String]
        let defaultVariant: String
        let input: InputSpec
        let classes: Int
        let parameters: Int
        let macs: Int
    }

    func validate() throws {
        if let classes, classes < 1 { throw ValidationError("--classes must be at least 1, got \(classes)") }
    }

    func run() throws {
        let registry = try Catalog.makeRegistry()
        let data = try input.map(InputSpec.init(parsing:))
        let entries = try registry.architectures(task: task, reading: data).map { architecture in
            let spec = try ModelSpec(defaultOf: architecture)
            let sized = try ModelSizing(spec, data: data ?? architecture.defaultInput, classes: classes ?? architecture.defaultClasses)
            return Entry(name: architecture.name, aliases: architecture.aliases, summary: architecture.summary,
                         task: architecture.task, variants: architecture.variants, defaultVariant: architecture.defaultVariant,
                         input: sized.profile.input, classes: sized.classes, parameters: sized.profile.parameters,
                         macs: sized.profile.macs)
        }
        if json {
            print(try JSONOutput.render(entries))
            return
        }
        guard !entries.isEmpty else {
            print("no registered architecture matches; `kdzoo list` shows them all")
            return
        }
        var table = TextTable(["name", "aliases", "task", "variants", "default", "input", "params", "MACs"], rightAligned: [6, 7])
        for entry in entries {
            table.append([entry.name, entry.aliases.joined(separator: ", "), entry.task.rawValue,
                          entry.variants.joined(separator: " "), entry.defaultVariant,
                          "\(entry.input.dimensions) -> \(entry.classes)", Quantity.count(entry.parameters), Quantity.count(entry.macs)])
        }
        print(table.render() + "\n")
        for entry in entries { print("\(entry.name): \(entry.summary)") }
    }
}

extension Task: ExpressibleByArgument {}
