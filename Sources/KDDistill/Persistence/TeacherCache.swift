import Foundation
import KDData
import KDLayers
import KDTensor
import KDZoo

/// The teacher's outputs (logits and the taps the methods read) for every training sample,
/// computed once, kept in memory for the run and stored in HDF5 for later runs.
///
/// The file is named by a key that hashes the teacher's weights, the dataset's identity and
/// the taps, so a changed teacher or dataset never reads stale outputs. Only valid when the
/// training data is not augmented: the trainer falls back to a live teacher otherwise.
public final class TeacherCache {
    private let directory: String
    private let teacher: TeacherSession
    private let source: BatchProvider
    private let datasetIdentity: String
    /// The hash of the teacher's weights, computed once.
    private let teacherHash: UInt64
    private var taps: [String]
    private var stored: [(name: String, tensor: Tensor)] = []

    /// A cache in `directory` of `teacher`'s outputs over every sample of `source` (which must
    /// visit each sample exactly once: unshuffled, no dropped batches): the logits, `taps`, and
    /// any taps the trainer adds once the methods have chosen theirs.
    public init(directory: String, teacher: TeacherSession, source: BatchProvider, taps: Set<String>,
                datasetIdentity: String) {
        self.directory = directory
        self.teacher = teacher
        self.source = source
        self.datasetIdentity = datasetIdentity
        self.taps = taps.union([TapName.logits]).sorted()
        teacherHash = Self.hash(teacher.network)
    }

    /// The file, `directory/teacher-<key>.h5`, named by the teacher, the dataset and the taps.
    public var path: String {
        URL(fileURLWithPath: directory).appendingPathComponent("teacher-\(key).h5").path
    }

    /// Adds taps to store; only before ``prepare(observer:)``.
    func require(_ more: Set<String>) {
        precondition(stored.isEmpty, "teacher cache taps are fixed once prepared")
        taps = Set(taps).union(more).sorted()
    }

    /// Loads the cache file, or computes and writes it when missing or unreadable.
    func prepare(observer: TrainingObserver) throws {
        if let loaded = try? load(), loaded.allSatisfy({ $0.tensor.shape.first == source.sampleCount }) {
            stored = loaded
            observer.note("teacher outputs read from cache \(path)")
            return
        }
        observer.phaseDidStart("caching teacher outputs", total: source.batchCount)
        var columns: [String: Tensor] = [:]
        for index in 0..<source.batchCount {
            let batch = try source.batch(index, epoch: 0)
            let output = teacher.outputs(for: batch)
            for name in taps {
                guard let tap = output.taps[name] else {
                    throw TrainingError.invalidConfiguration("method: the teacher \(teacher.name) has no feature tap '\(name)' (it has \(output.taps.names.joined(separator: ", ")))")
                }
                let perSample = tap.count / batch.count
                let column = columns[name] ?? Tensor.zeros([source.sampleCount] + tap.shape.dropFirst())
                columns[name] = column
                for (row, sample) in batch.sampleIndices.enumerated() {
                    (column.pointer + sample * perSample).update(from: tap.pointer + row * perSample, count: perSample)
                }
            }
            observer.phaseDidProgress(completed: index + 1)
        }
        stored = taps.map { ($0, columns[$0]!) }
        try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path,
                                                withIntermediateDirectories: true)
        try HDF5File.writeAtomically(to: path) { file in
            for (name, tensor) in stored { try file.root.writeTensor(name, tensor) }
        }
        observer.note("teacher outputs cached in \(path)")
    }

    private func load() throws -> [(name: String, tensor: Tensor)] {
        let file = try HDF5File.open(path)
        defer { file.close() }
        return try taps.map { ($0, try file.root.dataset($0).readTensor()) }
    }

    /// The cached outputs for the given samples, as a network output.
    func outputs(for sampleIndices: [Int]) throws -> NetworkOutput {
        let rows = stored.map { ($0.name, $0.tensor.indexSelect(sampleIndices, alongAxis: 0)) }
        let logits = rows.first { $0.0 == TapName.logits }!.1
        return NetworkOutput(logits: logits, features: rows.filter { $0.0 != TapName.logits })
    }

    /// A file beside the cache for another per-sample result of the same teacher on the same data
    /// (e.g. `seqkd`, its beam-search outputs), named `prefix-<key>.h5` by the teacher, the dataset
    /// and `detail`.
    func companionPath(prefix: String, detail: String) -> String {
        var hash = teacherHash
        Self.mix(datasetIdentity.utf8, into: &hash)
        Self.mix(detail.utf8, into: &hash)
        return URL(fileURLWithPath: directory).appendingPathComponent("\(prefix)-\(String(hash, radix: 16).leftPadded(to: 16)).h5").path
    }

    /// FNV-1a over the teacher's weights, the dataset identity and the tap names, as 16 hex digits.
    var key: String {
        var hash = teacherHash
        Self.mix(datasetIdentity.utf8, into: &hash)
        Self.mix(taps.joined(separator: ",").utf8, into: &hash)
        return String(hash, radix: 16).leftPadded(to: 16)
    }

    private static func hash(_ teacher: any Network) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for (path, tensor) in teacher.stateDict() {
            mix(path.utf8, into: &hash)
            mix(UnsafeRawBufferPointer(start: tensor.pointer, count: tensor.count * MemoryLayout<Float>.stride), into: &hash)
        }
        return hash
    }

    private static func mix<Bytes: Sequence>(_ bytes: Bytes, into hash: inout UInt64) where Bytes.Element == UInt8 {
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
