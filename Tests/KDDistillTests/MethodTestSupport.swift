import Foundation
import KDDistill
import KDLayers
import KDTensor
import KDZoo
import XCTest

/// A network output made of the given taps (stems, stages, embedding), with `logits` (zeros by default).
func output(_ features: [(String, Tensor)], logits: Tensor? = nil) -> NetworkOutput {
    let n = features.first?.1.shape[0] ?? logits?.shape[0] ?? 1
    return NetworkOutput(logits: logits ?? Tensor.zeros([n, 2]), features: features.map { ($0.0, $0.1) })
}

/// A fresh temporary directory for `body`, removed afterwards.
func withScratchDirectory<Result>(_ body: (URL) throws -> Result) throws -> Result {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("kdzoo-methods-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    return try body(scratch)
}

/// The small feature maps whose reference losses the method tests computed with numpy.
enum FeatureMaps {
    /// A student stage: N=2, C=2, 2x2 (row-major).
    static let student = Tensor(shape: [2, 2, 2, 2], [0.5, -1, 2, 0, 1, 1, -0.5, 0.25, -1.5, 0.5, 0, 1, 2, -2, 0.5, 0.5])
    /// A teacher stage: N=2, C=3, 2x2.
    static let teacher = Tensor(shape: [2, 3, 2, 2], [1, 0, 0.5, -1, 0, 2, 1, 1, -1, 0.5, 0.5, 0,
                                                      0.5, 0.5, 1.5, -0.5, 1, -1, 0, 2, 0.25, 0.75, -0.25, 1])
    /// Embeddings: a 3-sample student `[3, 3]` and teacher `[3, 2]`.
    static let studentEmbedding = Tensor(shape: [3, 3], [1, 0, 2, 0.5, -1, 1, 0, 1, -1])
    static let teacherEmbedding = Tensor(shape: [3, 2], [0.5, 1, 1, 1, -1, 0.5])
}

/// Short training runs of the tiny convolutional networks on image blobs, shared by the
/// method tests: a teacher trained once per test process, and students distilled from it.
enum MethodRuns {
    static let configuration: TrainingConfiguration = {
        var configuration = TrainingConfiguration()
        configuration.epochs = 3
        configuration.batchSize = 32
        configuration.learningRate = 0.05
        configuration.weightDecay = 0
        return configuration
    }()

    static func trainData() -> BlobBatches { .images(samples: 192, batchSize: 32, seed: 1, shuffleSeed: 5) }
    static func testData() -> BlobBatches { .images(samples: 96, batchSize: 48, seed: 2, shuffleSeed: nil) }

    /// A 3-stage, 8-channel teacher, trained on labels for three epochs.
    static let teacher: TeacherSession = {
        let network = TinyConvNetwork(channels: 8, stages: 3, classes: 4, seed: 11)
        let session = StudentSession(name: "teacher", network: network, input: TinyConvNetwork.input, objective: .labelsOnly)
        _ = try! DistillationTrainer(students: [session], teacher: nil, configuration: configuration,
                                     trainData: trainData(), testData: testData()).run()
        return TeacherSession(name: "teacher", network: network, input: TinyConvNetwork.input)
    }()

    static func student(_ methods: [DistillationMethod], stages: Int = 2, seed: UInt64 = 21) -> StudentSession {
        StudentSession(name: "student", network: TinyConvNetwork(channels: 4, stages: stages, classes: 4, seed: seed),
                       input: TinyConvNetwork.input, objective: DistillationObjective(methods: methods))
    }

    /// Distils a 4-channel student with `stages` stages using `methods`; returns the epoch
    /// summaries and, per epoch, the mean of each loss part.
    static func distill(_ methods: [DistillationMethod], stages: Int = 2, epochs: Int = 8) throws
        -> (history: [EpochSummary], parts: [[String: Double]]) {
        var configuration = configuration
        configuration.epochs = epochs
        let recorder = PartRecorder()
        let history = try DistillationTrainer(students: [student(methods, stages: stages)], teacher: teacher,
                                              configuration: configuration, trainData: trainData(), testData: testData())
            .run(observer: recorder)
        return (history, recorder.epochParts)
    }

    /// Asserts that a short run with `method` learns the task (well above the 25% of chance; the
    /// teacher-free student reaches about 100% in these 6 epochs, distilled ones 75–100%) and
    /// reduces the method's own loss.
    static func assertLearns(_ method: DistillationMethod, stages: Int = 2, file: StaticString = #filePath, line: UInt = #line) throws {
        let (history, parts) = try distill([method], stages: stages)
        XCTAssertGreaterThan(history.last!.students[0].testTop1, 0.7, "test accuracy", file: file, line: line)
        let first = parts.first![method.name]!, last = parts.last![method.name]!
        XCTAssertTrue(last.isFinite && last < first, "\(method.name) loss went from \(first) to \(last)", file: file, line: line)
    }
}

/// Keeps the last running mean of each loss part of each epoch (of the first student).
class PartRecorder: TrainingObserver {
    private(set) var epochParts: [[String: Double]] = []
    private var current: [String: Double] = [:]
    func phaseDidStart(_ name: String, total: Int) {}
    func phaseDidProgress(completed: Int) {}
    func epochDidStart(_ epoch: Int, of epochs: Int, batches: Int) {}
    func batchDidFinish(_ progress: BatchProgress) {
        current = Dictionary(uniqueKeysWithValues: progress.losses[0].map { ($0.name, $0.value) })
    }
    func epochDidFinish(_ summary: EpochSummary) { epochParts.append(current) }
    func note(_ message: String) {}
}

/// Copies the run's checkpoint aside when a given epoch is complete: the state a run killed
/// in the next epoch would leave behind. Records the loss parts too.
final class CheckpointCopier: PartRecorder {
    let epoch: Int, source: String, target: String
    init(epoch: Int, from source: String, to target: String) {
        (self.epoch, self.source, self.target) = (epoch, source, target)
    }
    override func epochDidFinish(_ summary: EpochSummary) {
        super.epochDidFinish(summary)
        if summary.epoch == epoch { try! FileManager.default.copyItem(atPath: source, toPath: target) }
    }
}
