import Foundation
import KDData
import KDTensor
import KDZoo

/// A teacher's decoded output for every training sample: sequence-level KD's targets. Generated
/// once by beam search, capped at the dataset's target width, kept in memory for the run and,
/// given a file, stored in HDF5 for later runs (dataset `tokens` `[N, width]`, ids padded with 0;
/// root attributes `kind = kdzoo-teacher-transcripts` and `beam_width`).
final class TeacherTranscripts {
    static let kind = "kdzoo-teacher-transcripts"

    /// The dataset's target width: every sequence holds at most this many tokens.
    let width: Int
    /// Each training sample's sequence, by dataset row.
    private let sequences: [[Int]]

    /// Reads the transcripts from `file`, or has `teacher` decode every sample of `data` with
    /// `beamWidth` (and stores them in `file`, when given).
    init(teacher: TeacherSession, data: BatchProvider, beamWidth: Int, file: String?, observer: TrainingObserver) throws {
        guard let decoder = teacher.network as? any SequenceGenerating else {
            throw TrainingError.invalidConfiguration("method: seq-kd needs a sequence-to-sequence teacher that decodes; \(teacher.name) does not")
        }
        guard let targets = try data.batch(0, epoch: 0).targets else {
            throw TrainingError.invalidConfiguration("method: seq-kd needs target sequences (y [N, L]); the training data has class labels")
        }
        width = targets.steps - 1
        if let file, let stored = try? Self.load(file, samples: data.sampleCount, width: width, beamWidth: beamWidth) {
            sequences = stored
            observer.note("teacher beam outputs read from \(file)")
            return
        }
        observer.phaseDidStart("decoding the teacher's targets (beam \(beamWidth))", total: data.batchCount)
        var decoded = [[Int]?](repeating: nil, count: data.sampleCount)
        for index in 0..<data.batchCount {
            let batch = try data.batch(index, epoch: 0)
            let outputs = decoder.generate(batch.inputs.reshaped(to: [batch.count] + teacher.input.shape), lengths: batch.lengths,
                                           maxLength: width, beamWidth: beamWidth)
            for (row, sample) in batch.sampleIndices.enumerated() { decoded[sample] = outputs[row] }
            observer.phaseDidProgress(completed: index + 1)
        }
        let missing = decoded.lazy.filter { $0 == nil }.count
        guard missing == 0 else {
            throw TrainingError.invalidConfiguration("method: seq-kd decodes every training sample once, but one epoch's batches left out \(missing) of \(data.sampleCount)")
        }
        sequences = decoded.map { $0! }
        if let file {
            try store(file, beamWidth: beamWidth)
            observer.note("teacher beam outputs stored in \(file)")
        }
    }

    /// `batch` teacher-forced on the teacher's sequences of its samples.
    func rewrite(_ batch: TrainingBatch) -> TrainingBatch {
        TrainingBatch(inputs: batch.inputs, targets: TargetSequences(batch.sampleIndices.map { sequences[$0] }, steps: width + 1),
                      sampleIndices: batch.sampleIndices, lengths: batch.lengths)
    }

    private func store(_ file: String, beamWidth: Int) throws {
        let ids = Tensor(shape: [sequences.count, width], Vocabulary.padded(sequences, toWidth: width).map(Float.init))
        try FileManager.default.createDirectory(atPath: URL(fileURLWithPath: file).deletingLastPathComponent().path,
                                                withIntermediateDirectories: true)
        try HDF5File.writeAtomically(to: file) { output in
            try output.root.setAttribute("kind", Self.kind)
            try output.root.setAttribute("beam_width", beamWidth)
            try output.root.writeTensor("tokens", ids)
        }
    }

    private static func load(_ file: String, samples: Int, width: Int, beamWidth: Int) throws -> [[Int]]? {
        let input = try HDF5File.open(file)
        defer { input.close() }
        guard try input.root.attribute("kind", as: String.self) == kind,
              try input.root.attribute("beam_width", as: Int.self) == beamWidth else { return nil }
        let ids = try input.root.dataset("tokens").readTensor()
        guard ids.shape == [samples, width] else { return nil }
        return (0..<samples).map { row in
            (0..<width).map { Int(ids.pointer[row * width + $0]) }.prefix { $0 != SpecialToken.padding }.map { $0 }
        }
    }
}
