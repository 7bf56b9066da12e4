import ArgumentParser
import Foundation
import KDZoo
import KDZooCatalog

/// `kdzoo info`: one network layer by layer — output shapes, parameters, MACs — and its feature taps.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show a network layer by layer: output shape, parameters and MACs, totals, feature taps.",
        discussion: """
            MODEL is a zoo name (wrn, wrn-40-2, resnet56, mobilenet-0.5; see `kdzoo list`) or a weights \
            file (.h5), which is loaded (strictly) and shown with its classes and stored metrics. \
            Layers are the modules that own parameters, in state-dict order; MACs are multiply-accumulates \
            per sample of convolutions and linear layers. With --rules, a fitted decision tree's weights \
            file prints as nested if/else rules.
            """)

    @Argument(help: "A zoo name (NAME or NAME-VARIANT) or a weights file (FILE.h5).")
    var model: String

    @Option(help: "The input, CxHxW for images (3x32x32), TxF for sequences, D for vectors (default: the architecture's).")
    var input: String?

    @Option(help: "The number of classes (default: the architecture's, e.g. 100 for CIFAR networks).")
    var classes: Int?

    @Flag(help: "Print the profile as JSON.")
    var json = false

    @Flag(help: "Print a fitted decision tree (a weights file) as if/else rules over input features and pixels.")
    var rules = false

    func validate() throws {
        if let classes, classes < 1 { throw ValidationError("--classes must be at least 1, got \(classes)") }
        if ModelResolver.isFile(model), input != nil || classes != nil {
            throw ValidationError("--input and --classes describe a zoo model; a weights file records its own")
        }
    }

    func run() throws {
        let report: ProfileReport
        if ModelResolver.isFile(model) {
            let saved = try ModelResolver().load(model)
            if rules {
                let listing = try RuleListing(saved, file: model)
                print(json ? try JSONOutput.render(listing) : listing.text)
                return
            }
            report = ProfileReport(ModelSizing(saved.spec, network: saved.network, input: saved.input, classes: saved.classes.count),
                                   file: model, classNames: saved.classes, metrics: saved.metrics)
        } else {
            guard !rules else {
                throw ValidationError("--rules reads a fitted tree's weights file (kdzoo info tree.h5 --rules); '\(model)' is not a file")
            }
            let spec = try Catalog.makeRegistry().resolve(model)
            let data = try input.map(InputSpec.init(parsing:)) ?? spec.architecture.defaultInput
            report = ProfileReport(try ModelSizing(spec, data: data, classes: classes ?? spec.architecture.defaultClasses))
        }
        print(json ? try JSONOutput.render(report) : report.text)
    }
}

/// What `info` prints about a sized network, and about the weights file it came from.
struct ProfileReport: Encodable {
    let model: String
    let summary: String
    let classes: Int
    let profile: NetworkProfile
    let file: String?
    let classNames: [String]?
    let metrics: [String: Double]?

    init(_ sizing: ModelSizing, file: String? = nil, classNames: [String]? = nil, metrics: [String: Double]? = nil) {
        model = sizing.spec.name
        summary = sizing.spec.architecture.summary
        classes = sizing.classes
        profile = sizing.profile
        self.file = file
        self.classNames = classNames
        self.metrics = metrics
    }

    /// The weights file, its classes and metrics, when the network came from one.
    private var fileLines: String {
        guard let file else { return "" }
        let names = classNames.map { "classes: \($0.joined(separator: ", "))\n" } ?? ""
        let figures = (metrics ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%g", $0.value))" }
        return "file: \(file)\n" + names + (figures.isEmpty ? "" : "metrics: \(figures.joined(separator: ", "))\n")
    }

    var text: String {
        var table = TextTable(["layer", "type", "output", "params", "MACs"], rightAligned: [3, 4])
        for layer in profile.layers {
            table.append([layer.path.isEmpty ? "(network)" : layer.path, layer.kind,
                          layer.outputShape.map(Self.shape) ?? "unused", Quantity.grouped(layer.parameters), Quantity.grouped(layer.macs)])
        }
        var taps = TextTable(["tap", "shape"])
        for tap in profile.taps { taps.append([tap.name, Self.shape(tap.shape)]) }
        return fileLines + """
            \(model): \(summary)
            input \(profile.input), \(classes) classes

            \(table.render())

            total: \(Quantity.grouped(profile.parameters)) parameters (\(Quantity.count(profile.parameters)), \
            \(Quantity.bytes(4 * profile.parameters)) as float32), \(Quantity.count(profile.macs)) MACs per sample

            feature taps (per sample):
            \(taps.render())
            """
    }

    private static func shape(_ dimensions: [Int]) -> String {
        dimensions.map(String.init).joined(separator: "x")
    }
}
