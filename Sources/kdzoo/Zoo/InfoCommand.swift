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
            MODEL is a zoo name (wrn, wrn-40-2, resnet56, mobilenet-0.5; see `kdzoo list`). \
            Layers are the modules that own parameters, in state-dict order; MACs are multiply-accumulates \
            per sample of convolutions and linear layers.
            """)

    @Argument(help: "A zoo name, NAME or NAME-VARIANT.")
    var model: String

    @Option(help: "The input, CxHxW for images (3x32x32), TxF for sequences, D for vectors (default: the architecture's).")
    var input: String?

    @Option(help: "The number of classes (default: the architecture's, e.g. 100 for CIFAR networks).")
    var classes: Int?

    @Flag(help: "Print the profile as JSON.")
    var json = false

    func validate() throws {
        if let classes, classes < 1 { throw ValidationError("--classes must be at least 1, got \(classes)") }
    }

    func run() throws {
        let spec = try Catalog.makeRegistry().resolve(model)
        let data = try input.map(InputSpec.init(parsing:)) ?? spec.architecture.defaultInput
        let sizing = try ModelSizing(spec, data: data, classes: classes ?? spec.architecture.defaultClasses)
        print(json ? try JSONOutput.render(ProfileReport(sizing)) : ProfileReport(sizing).text)
    }
}

/// What `info` prints about a sized network.
struct ProfileReport: Encodable {
    let model: String
    let summary: String
    let classes: Int
    let profile: NetworkProfile

    init(_ sizing: ModelSizing) {
        model = sizing.spec.name
        summary = sizing.spec.architecture.summary
        classes = sizing.classes
        profile = sizing.profile
    }

    var text: String {
        var table = TextTable(["layer", "type", "output", "params", "MACs"], rightAligned: [3, 4])
        for layer in profile.layers {
            table.append([layer.path.isEmpty ? "(network)" : layer.path, layer.kind,
                          layer.outputShape.map(Self.shape) ?? "unused", Quantity.grouped(layer.parameters), Quantity.grouped(layer.macs)])
        }
        var taps = TextTable(["tap", "shape"])
        for tap in profile.taps { taps.append([tap.name, Self.shape(tap.shape)]) }
        return """
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
