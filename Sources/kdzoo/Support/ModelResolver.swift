import Foundation
import KDDistill
import KDLayers
import KDZoo
import KDZooCatalog

/// Turns what a user names on the command line into models: a zoo name (`wrn`, `wrn-40-2`),
/// or a weights file.
struct ModelResolver {
    let registry: Registry
    let strict: Bool

    init(strict: Bool = true) throws {
        registry = try Catalog.makeRegistry()
        self.strict = strict
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Whether `text` names a weights file rather than a zoo model.
    static func isFile(_ text: String) -> Bool {
        text.hasSuffix(".h5") || text.contains("/") || FileManager.default.fileExists(atPath: text)
    }

    /// A trained model: the weights file `text`, or the pretrained model the zoo ships for the
    /// zoo name `text` on `data` (`zoo/models/<arch-variant>.<dataset>.h5`).
    ///
    /// A bare family name (`lstm`) means its default variant, or, when the zoo ships no model of
    /// that variant for `data`, the largest model of the family it does ship (`lstm-2x256-mean`).
    func trained(_ text: String, for data: DataContext) throws -> SavedModel {
        if Self.isFile(text) { return try load(text) }
        let spec = try registry.resolve(text)
        var file = Self.pretrainedFile(spec, for: data)
        if !FileManager.default.fileExists(atPath: file), (try? registry.architecture(named: text)) != nil,
           let shipped = Self.largestPretrainedFile(of: spec.architecture, for: data) {
            file = shipped
            FileHandle.standardError.write(Data("\(text): the zoo's pretrained \(URL(fileURLWithPath: file).lastPathComponent)\n".utf8))
        }
        guard FileManager.default.fileExists(atPath: file) else {
            throw Failure(description: "no pretrained \(spec.name) for \(data.name) in \(ZooLocation.models.path); "
                + "train one with `kdzoo train --arch \(spec.name) --dataset \(data.path) -o teacher.h5` and pass --teacher teacher.h5")
        }
        return try load(file)
    }

    /// The biggest `zoo/models/<architecture>-<variant>.<dataset>.h5` file for `data`, if any.
    static func largestPretrainedFile(of architecture: any Architecture, for data: DataContext) -> String? {
        let folder = ZooLocation.models
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let files = names.filter { $0.hasPrefix("\(architecture.name)-") && $0.hasSuffix(".\(data.name).h5") }
            .map { folder.appendingPathComponent($0).path }
        func size(_ path: String) -> Int { ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0 }
        return files.max { (size($0), $1) < (size($1), $0) }
    }

    /// Where the zoo ships a pretrained `spec` for `data`: `zoo/models/<arch-variant>.<dataset>.h5`.
    static func pretrainedFile(_ spec: ModelSpec, for data: DataContext) -> String {
        ZooLocation.models.appendingPathComponent("\(spec.name).\(data.name).h5").path
    }

    /// The zoo's pretrained `spec` for `data` as a baseline for a run of `epochs` epochs: the
    /// shipped model when one exists and was trained on the labels for exactly that many epochs
    /// (its weights file records them), so that it compares like with like; else `nil`.
    func shippedBaseline(_ spec: ModelSpec, for data: DataContext, epochs: Int) throws -> (model: SavedModel, file: String)? {
        let file = Self.pretrainedFile(spec, for: data)
        guard FileManager.default.fileExists(atPath: file) else { return nil }
        let model = try load(file)
        return model.metrics["epochs"] == Double(epochs) ? (model, file) : nil
    }

    /// Loads a weights file, warning on standard error about anything a non-strict load skipped.
    func load(_ path: String) throws -> SavedModel {
        try SavedModel.load(from: path, registry: registry, strict: strict) { mismatch in
            FileHandle.standardError.write(Data("warning: \(path): loaded non-strictly; \(mismatch)\n".utf8))
        }
    }

    /// A new, untrained network of the zoo model `text`, for reading `data`'s samples as `input`.
    func untrained(_ spec: ModelSpec, input: InputSpec, classes: Int, seed: UInt64) throws -> any Network {
        try withRandomSeed(seed) { try spec.makeNetwork(input: input, classes: classes) }
    }
}
