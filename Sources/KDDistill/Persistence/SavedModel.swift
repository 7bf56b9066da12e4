import Foundation
import KDData
import KDLayers
import KDTensor
import KDZoo

/// A trained network and what it takes to rebuild it from a weights file: its zoo spec, the
/// input it reads, its class names and the metrics measured when it was saved.
public struct SavedModel {
    public let spec: ModelSpec
    public let network: any Network
    public let input: InputSpec
    public let classes: [String]
    /// Free-form figures stored with the weights (e.g. `top1`, `epochs`).
    public var metrics: [String: Double]

    public init(spec: ModelSpec, network: any Network, input: InputSpec, classes: [String], metrics: [String: Double] = [:]) {
        self.spec = spec
        self.network = network
        self.input = input
        self.classes = classes
        self.metrics = metrics
    }

    /// Rebuilds the network a weights file describes and loads its state. Strict loading
    /// refuses any missing, unexpected or mis-shaped tensor; non-strict loading loads what
    /// matches and reports the rest through `mismatch`.
    public static func load(from path: String, registry: Registry, strict: Bool = true,
                            mismatch: ((StateDictMismatch) -> Void)? = nil) throws -> SavedModel {
        let file = try WeightsFile(contentsOf: path)
        let metadata = file.metadata
        let architecture = try registry.architecture(named: metadata.architecture)
        // `variant` may be written bare (`16-2`, as kdzoo writes it) or prefixed (`wrn-16-2`).
        let spec = metadata.variant.isEmpty ? try ModelSpec(defaultOf: architecture)
            : try registry.resolve(metadata.variant.lowercased().hasPrefix("\(architecture.name)-")
                ? metadata.variant : "\(architecture.name)-\(metadata.variant)")
        guard let input = try? JSONDecoder().decode(InputSpec.self, from: Data(metadata.input.utf8)) else {
            throw DataFileError(file: path, "attribute 'input' is '\(metadata.input)', expected the input spec as JSON, e.g. {\"kind\":\"image\",\"shape\":[3,32,32]}")
        }
        guard !metadata.classes.isEmpty else {
            throw DataFileError(file: path, "attribute 'classes' is empty: the number of classes is unknown")
        }
        let network = try spec.makeNetwork(input: input, classes: metadata.classes.count)
        do {
            // A fitted tree's tensor shapes are learned: it takes the saved ones before loading.
            let missed = try network.loadResizing(stateDict: file.stateDict, strict: strict)
            if !missed.isEmpty { mismatch?(missed) }
        } catch let error as StateDictMismatch {
            throw DataFileError(file: path, "does not fit \(spec) (\(error))")
        } catch let error as FittingError {
            throw DataFileError(file: path, "is not a valid \(spec): \(error)")
        }
        let metrics = (try? JSONDecoder().decode([String: Double].self, from: Data(metadata.metrics.utf8))) ?? [:]
        return SavedModel(spec: spec, network: network, input: input, classes: metadata.classes, metrics: metrics)
    }

    /// Writes the weights and metadata atomically.
    public func write(to path: String, kdzooVersion: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let metadata = WeightsMetadata(
            architecture: spec.architecture.name, variant: spec.variant,
            config: "{}", input: String(decoding: try encoder.encode(input), as: UTF8.self),
            classes: classes, kdzooVersion: kdzooVersion,
            metrics: String(decoding: try encoder.encode(metrics), as: UTF8.self))
        try WeightsFile(metadata: metadata, stateDict: network.stateDict()).write(to: path)
    }
}
