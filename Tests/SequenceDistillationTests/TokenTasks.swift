import KDDistill
import KDTensor
import KDZoo

/// Token sequences of 3-6 ids from `4..<10`, padded to 6, whose targets are the sequence itself
/// (copy) or reversed: tiny sequence-to-sequence tasks a small attentional model learns in seconds.
struct TokenTask: BatchProvider {
    enum Kind { case copy, reverse }

    static let vocabulary = 10
    static let width = 6
    static let input = try! InputSpec.tokens(length: width, vocabulary: vocabulary)

    let sources: [[Int]]
    let kind: Kind
    let batchSize: Int
    let shuffleSeed: UInt64?

    init(kind: Kind, samples: Int, seed: UInt64, batchSize: Int = 32, shuffleSeed: UInt64? = nil) {
        var generator = SeededGenerator(seed: seed)
        sources = (0..<samples).map { _ in
            (0..<Int.random(in: 3...Self.width, using: &generator)).map { _ in Int.random(in: 4..<Self.vocabulary, using: &generator) }
        }
        self.kind = kind
        self.batchSize = batchSize
        self.shuffleSeed = shuffleSeed
    }

    func target(of source: [Int]) -> [Int] { kind == .copy ? source : source.reversed() }

    var sampleCount: Int { sources.count }
    var batchCount: Int { (sources.count + batchSize - 1) / batchSize }
    var isAugmented: Bool { false }

    func batch(_ index: Int, epoch: Int) throws -> TrainingBatch {
        var order = Array(sources.indices)
        if let shuffleSeed {
            var generator = SeededGenerator(seed: shuffleSeed &+ UInt64(epoch))
            order.shuffle(using: &generator)
        }
        let rows = Array(order[index * batchSize..<min((index + 1) * batchSize, order.count)])
        let ids = rows.flatMap { row in (0..<Self.width).map { Float($0 < sources[row].count ? sources[row][$0] : 0) } }
        return TrainingBatch(inputs: Tensor(shape: [rows.count, Self.width], ids),
                             targets: TargetSequences(rows.map { target(of: sources[$0]) }, steps: Self.width + 1),
                             sampleIndices: rows, lengths: rows.map { sources[$0].count })
    }
}

/// Frame sequences `[8, 4]` whose class is the feature channel with the largest mean over the
/// valid frames; frames past each sequence's length (3-8) hold large noise that would decide
/// the class if the model read it.
struct PaddedFrameTask: BatchProvider {
    static let (steps, features) = (8, 4)

    let inputs: Tensor
    let labels: [Int]
    let lengths: [Int]
    let batchSize = 25

    init(samples: Int, seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        let inputs = Tensor(uninitializedShape: [samples, Self.steps, Self.features])
        var labels: [Int] = [], lengths: [Int] = []
        for n in 0..<samples {
            let label = n % Self.features, length = Int.random(in: 3...Self.steps, using: &generator)
            for t in 0..<Self.steps {
                for f in 0..<Self.features {
                    let value = t < length ? generator.nextNormal() * 0.5 + (f == label ? 1 : 0) : generator.nextNormal() * 5
                    inputs.pointer[(n * Self.steps + t) * Self.features + f] = value
                }
            }
            labels.append(label)
            lengths.append(length)
        }
        self.inputs = inputs
        self.labels = labels
        self.lengths = lengths
    }

    var sampleCount: Int { labels.count }
    var batchCount: Int { (labels.count + batchSize - 1) / batchSize }
    var isAugmented: Bool { false }

    func batch(_ index: Int, epoch: Int) throws -> TrainingBatch {
        let rows = Array(index * batchSize..<min((index + 1) * batchSize, labels.count))
        return TrainingBatch(inputs: inputs.indexSelect(rows, alongAxis: 0), labels: rows.map { labels[$0] },
                             sampleIndices: rows, lengths: rows.map { lengths[$0] })
    }
}

extension TrainingConfiguration {
    /// Adam with a cosine schedule, no weight decay: quick convergence on the tiny tasks.
    static func quick(epochs: Int, learningRate: Float = 0.01, batchSize: Int = 32) -> TrainingConfiguration {
        var configuration = TrainingConfiguration()
        configuration.epochs = epochs
        configuration.optimizer = .adam
        configuration.learningRate = learningRate
        configuration.weightDecay = 0
        configuration.schedule = .cosine
        configuration.batchSize = batchSize
        configuration.clipNorm = 5
        return configuration
    }
}

/// Records the notes a run makes.
final class NoteRecorder: TrainingObserver {
    var notes: [String] = []
    func phaseDidStart(_ name: String, total: Int) {}
    func phaseDidProgress(completed: Int) {}
    func epochDidStart(_ epoch: Int, of epochs: Int, batches: Int) {}
    func batchDidFinish(_ progress: BatchProgress) {}
    func epochDidFinish(_ summary: EpochSummary) {}
    func note(_ message: String) { notes.append(message) }
}
