import Foundation
import KDTensor

/// A dataset on disk: groups `train`, `test` and optionally `val`, each with samples `x`
/// (`[N, ...]`, float32, or uint8 pixels read as `value / 255`), labels `y` (int64 `[N]`, or
/// `[N, L]` target tokens) and, for padded sequences, `lengths` (int64 `[N]`); root attributes
/// `kind` (``DatasetKind``), `classes` (names) and optionally `mean`/`std` (one value per
/// channel of an image or per feature of a sequence) for normalisation.
public final class DatasetFile {
    public static let splitNames = ["train", "val", "test"]

    public let path: String
    public let kind: DatasetKind
    /// The class names; their count is the number of classes.
    public let classes: [String]
    /// Per-channel (image) or per-feature (sequence) normalisation, when stored.
    public let normalization: Normalization?
    /// The splits present, in `train`, `val`, `test` order.
    public let splits: [String]
    /// Splits whose samples take at most this many bytes as float32 are read into memory
    /// whole; larger ones stream from disk batch by batch.
    public let inMemoryLimit: Int
    private let file: HDF5File

    /// Opens a dataset file, checking its layout; errors name the file and the part at fault.
    public init(contentsOf path: String, inMemoryLimit: Int = DatasetSplit.defaultInMemoryLimit) throws {
        file = try HDF5File.open(path)
        self.path = path
        self.inMemoryLimit = inMemoryLimit
        let root = file.root
        guard root.hasAttribute("kind") else {
            throw DataFileError(file: path, "not a kdzoo dataset: root attribute 'kind' is missing (see `kdzoo data import --help`)")
        }
        let kindName: String = try root.attribute("kind")
        guard let kind = DatasetKind(rawValue: kindName) else {
            throw DataFileError(file: path, "root attribute 'kind' is '\(kindName)', expected image, sequence or tokens")
        }
        self.kind = kind
        classes = root.hasAttribute("classes") ? try root.attribute("classes") : []
        if root.hasAttribute("mean") || root.hasAttribute("std") {
            let mean: [Double] = try root.attribute("mean"), std: [Double] = try root.attribute("std")
            guard mean.count == std.count, std.allSatisfy({ $0 > 0 }) else {
                throw DataFileError(file: path, "attributes 'mean' (\(mean.count) values) and 'std' (\(std.count) values, all > 0) do not match")
            }
            normalization = Normalization(mean: mean.map(Float.init), std: std.map(Float.init))
        } else {
            normalization = nil
        }
        splits = Self.splitNames.filter(root.contains)
        guard !splits.isEmpty else {
            throw DataFileError(file: path, "no split: expected a group 'train', 'val' or 'test'")
        }
    }

    /// The split `name`, checked for consistent `x`, `y` and `lengths`.
    public func split(_ name: String) throws -> DatasetSplit {
        guard splits.contains(name) else {
            throw DataFileError(file: path, "no split '\(name)' (the file has \(splits.joined(separator: ", ")))")
        }
        return try DatasetSplit(group: try file.root.group(name), dataset: self)
    }

    /// Root string attributes beyond the format's own (`kind`, `classes`, `mean`, `std`), such
    /// as the feature configuration an importer recorded.
    public func extraStringAttributes() throws -> [(name: String, value: String)] {
        let own: Set = ["kind", "classes", "mean", "std"]
        return try file.root.attributeNames().filter { !own.contains($0) }.compactMap { name in
            (try? file.root.attribute(name, as: String.self)).map { (name, $0) }
        }
    }

    /// The shape of one sample, from the first split.
    public func sampleShape() throws -> [Int] {
        try split(splits[0]).sampleShape
    }
}

/// Per-channel or per-feature standardisation: `(x - mean) / std`.
public struct Normalization: Equatable, Sendable {
    public var mean: [Float]
    public var std: [Float]

    public init(mean: [Float], std: [Float]) {
        self.mean = mean
        self.std = std
    }

    /// Standardises a batch in place: axis 1 indexes channels for images `[N, C, H, W]`, the last
    /// axis indexes features for sequences `[N, T, F]`.
    public func apply(to batch: Tensor, kind: DatasetKind) {
        guard kind != .tokens, !mean.isEmpty else { return }
        let axis = kind == .image ? 1 : batch.rank - 1
        let (outer, size, inner) = Shape.split(batch.shape, at: axis)
        precondition(size == mean.count, "normalisation has \(mean.count) values for axis of size \(size)")
        let p = batch.pointer
        for o in 0..<outer {
            for c in 0..<size {
                let m = mean[c], s = 1 / std[c], base = (o * size + c) * inner
                for i in 0..<inner { p[base + i] = (p[base + i] - m) * s }
            }
        }
    }
}
