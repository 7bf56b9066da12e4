/// Receives a run's progress. The CLI draws progress bars from it; nothing in the library prints.
public protocol TrainingObserver: AnyObject {
    /// A phase that is not a training epoch began (e.g. caching teacher outputs); `total` steps.
    func phaseDidStart(_ name: String, total: Int)
    /// `completed` steps of the current phase are done.
    func phaseDidProgress(completed: Int)
    /// An epoch began.
    func epochDidStart(_ epoch: Int, of epochs: Int, batches: Int)
    /// A batch finished.
    func batchDidFinish(_ progress: BatchProgress)
    /// An epoch finished, with its evaluation (and its checkpoint, when the run writes one).
    func epochDidFinish(_ summary: EpochSummary)
    /// Something worth a line in the log (cache hits, checkpoints, resumed state).
    func note(_ message: String)
}

/// The running figures of the current epoch after one batch, for each student.
public struct BatchProgress: Sendable {
    public var epoch: Int
    public var batch: Int
    public var batches: Int
    /// Per student: the running mean of each weighted loss part, in order (`ce`, `kd`, ...).
    public var losses: [[(name: String, value: Double)]]
    /// Per student: running training accuracy in `[0, 1]`.
    public var accuracy: [Double]
    public var samplesPerSecond: Double
}

/// One epoch's results for each student.
public struct EpochSummary: Codable, Sendable {
    public var epoch: Int
    public var learningRate: Float
    /// Per student, by name: mean training loss (all parts summed) and test accuracy.
    public var students: [StudentEpoch]
    public var seconds: Double

    public struct StudentEpoch: Codable, Sendable {
        public var name: String
        public var trainLoss: Double
        /// Accuracy on the training batches; for a sequence-to-sequence student, teacher-forced token accuracy.
        public var trainAccuracy: Double
        /// Top-1 accuracy; for a sequence-to-sequence student, its sequence accuracy (greedy decoding).
        public var testTop1: Double
        /// Top-5 accuracy; for a sequence-to-sequence student, its sequence accuracy again.
        public var testTop5: Double
        /// A sequence-to-sequence student's token error rate (greedy decoding); `nil` for classifiers.
        public var testTokenErrorRate: Double?

        public init(name: String, trainLoss: Double, trainAccuracy: Double, testTop1: Double, testTop5: Double,
                    testTokenErrorRate: Double? = nil) {
            self.name = name
            self.trainLoss = trainLoss
            self.trainAccuracy = trainAccuracy
            self.testTop1 = testTop1
            self.testTop5 = testTop5
            self.testTokenErrorRate = testTokenErrorRate
        }
    }
}

/// An observer that ignores everything (`--quiet`, tests).
public final class SilentObserver: TrainingObserver {
    public init() {}
    public func phaseDidStart(_ name: String, total: Int) {}
    public func phaseDidProgress(completed: Int) {}
    public func epochDidStart(_ epoch: Int, of epochs: Int, batches: Int) {}
    public func batchDidFinish(_ progress: BatchProgress) {}
    public func epochDidFinish(_ summary: EpochSummary) {}
    public func note(_ message: String) {}
}
