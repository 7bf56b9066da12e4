import Foundation
import KDTensor

/// One split of a ``DatasetFile``: its samples, labels and sequence lengths, read by rows so a
/// split larger than memory streams batch by batch. Splits under the file's
/// ``DatasetFile/inMemoryLimit`` bytes are read whole on first use (random batches then cost
/// no disk reads); larger ones are read batch by batch by hyperslab.
public final class DatasetSplit {
    /// The default ``DatasetFile/inMemoryLimit``: splits up to this size (as float32) are
    /// loaded into memory.
    public static let defaultInMemoryLimit = 1 << 30

    public let name: String
    public let count: Int
    /// The shape of one sample.
    public let sampleShape: [Int]
    /// `1/255` for uint8 samples, 1 otherwise.
    public let scale: Float
    /// Whether `y` holds one class per sample (`[N]`) rather than target token sequences.
    public let hasClassLabels: Bool
    private let dataset: DatasetFile
    let x: HDF5Dataset
    private let y: HDF5Dataset
    private let lengthsDataset: HDF5Dataset?
    private var cachedSamples: Tensor?
    private var cachedLabels: [Int64]?
    private var cachedLengths: [Int64]?

    init(group: HDF5Group, dataset: DatasetFile) throws {
        self.dataset = dataset
        name = group.path.split(separator: "/").last.map(String.init) ?? group.path
        x = try group.dataset("x")
        y = try group.dataset("y")
        lengthsDataset = group.contains("lengths") ? try group.dataset("lengths") : nil
        let path = dataset.path
        guard let first = x.shape.first, x.shape.count >= 2 else {
            throw DataFileError(file: path, "dataset '\(x.path)' has shape \(x.shape), expected [N, ...] samples")
        }
        count = first
        sampleShape = Array(x.shape.dropFirst())
        guard y.shape.first == count, y.shape.count <= 2 else {
            throw DataFileError(file: path, "dataset '\(y.path)' has shape \(y.shape), expected [\(count)] labels for \(count) samples")
        }
        hasClassLabels = y.shape.count == 1
        if let lengthsDataset, lengthsDataset.shape != [count] {
            throw DataFileError(file: path, "dataset '\(lengthsDataset.path)' has shape \(lengthsDataset.shape), expected [\(count)]")
        }
        switch x.elementType {
        case .uint8: scale = 1 / 255
        case .float32, .float64, .int32, .int64: scale = 1
        case nil: throw DataFileError(file: path, "dataset '\(x.path)' is \(x.elementTypeName), expected a numeric type")
        }
        if hasClassLabels, !dataset.classes.isEmpty {
            let labels = try classLabels()
            if let bad = labels.first(where: { $0 < 0 || $0 >= dataset.classes.count }) {
                throw DataFileError(file: path, "dataset '\(y.path)' holds label \(bad), outside 0..<\(dataset.classes.count) classes")
            }
        }
    }

    /// Whether the split stores the valid length of each padded sequence.
    public var hasLengths: Bool { lengthsDataset != nil }

    /// Every class label of the split.
    public func classLabels() throws -> [Int] {
        try loadLabels().map(Int.init)
    }

    /// The samples (scaled, not normalised), labels and lengths of `rows`, in that order.
    public func read(rows: [Int]) throws -> (samples: Tensor, labels: [Int], lengths: [Int]?) {
        let perSample = Shape.count(sampleShape)
        let samples = Tensor(uninitializedShape: [rows.count] + sampleShape)
        if let all = try loadSamplesIfSmall() {
            for (i, row) in rows.enumerated() {
                (samples.pointer + i * perSample).update(from: all.pointer + row * perSample, count: perSample)
            }
        } else {
            try x.readRows(at: rows, into: samples.pointer)
            if scale != 1 { samples.scaleInPlace(scale) }
        }
        let labels = try loadLabels()
        let labelWidth = hasClassLabels ? 1 : y.shape[1]
        let picked = rows.flatMap { row in (0..<labelWidth).map { Int(labels[row * labelWidth + $0]) } }
        let lengths = try loadLengths().map { all in rows.map { Int(all[$0]) } }
        return (samples, picked, lengths)
    }

    private func loadSamplesIfSmall() throws -> Tensor? {
        if let cachedSamples { return cachedSamples }
        guard x.count * MemoryLayout<Float>.stride <= dataset.inMemoryLimit else { return nil }
        let all = Tensor(uninitializedShape: x.shape)
        try x.readRows(0..<count, into: all.pointer)
        if scale != 1 { all.scaleInPlace(scale) }
        cachedSamples = all
        return all
    }

    private func loadLabels() throws -> [Int64] {
        if let cachedLabels { return cachedLabels }
        var labels = [Int64](repeating: 0, count: y.count)
        try labels.withUnsafeMutableBufferPointer { try y.readRows(0..<count, into: $0.baseAddress!) }
        cachedLabels = labels
        return labels
    }

    private func loadLengths() throws -> [Int64]? {
        guard let lengthsDataset else { return nil }
        if let cachedLengths { return cachedLengths }
        var lengths = [Int64](repeating: 0, count: count)
        try lengths.withUnsafeMutableBufferPointer { try lengthsDataset.readRows(0..<count, into: $0.baseAddress!) }
        cachedLengths = lengths
        return lengths
    }
}
