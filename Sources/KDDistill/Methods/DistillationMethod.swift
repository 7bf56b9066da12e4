import KDLayers
import KDTensor
import KDZoo

/// A way of transferring knowledge from a teacher's outputs to a student's: a loss over
/// (student output and taps, teacher output and taps, the batch), plus any learnable parts of
/// its own (e.g. FitNet's regressor) that train with the student.
///
/// Methods are combined by ``DistillationObjective``, which adds each method's loss times
/// its ``weight`` to the weighted cross-entropy on the labels. With several teachers (or
/// peers) the objective holds one instance of the method per teacher, each with its own
/// learnable parts, and weighs their losses (see ``TeacherWeighting``).
public protocol DistillationMethod: AnyObject {
    /// The name used by `--method` and in reports, e.g. `kd`, `fitnet`, `at`.
    var name: String { get }
    /// The weight of this method's loss in the total.
    var weight: Float { get }
    /// Learnable parts that train with the student, or `nil`. Built by ``prepare(student:teacher:setup:)``.
    var learnableModule: Module? { get }
    /// The teacher taps the loss reads (the logits tap included when needed), so the trainer
    /// knows what to cache.
    var teacherTaps: [String] { get }
    /// Whose outputs the `teacher` argument carries: a pretrained teacher (the default), a
    /// peer student trained in the same run, or the student itself.
    var knowledgeSource: KnowledgeSource { get }
    /// The weight this method gives the hard-label cross-entropy when none is set: `1 − weight`
    /// for methods that interpolate with it (Hinton KD), or `nil` (the default) to leave it at 1.
    var defaultCrossEntropyWeight: Float? { get }
    /// Builds any learnable parts from the shapes of one batch's outputs. Called once, before
    /// the optimiser is created. Throws when the outputs lack a tap the method needs or have
    /// shapes it cannot bridge; the message names the tap and shapes.
    func prepare(student: NetworkOutput, teacher: NetworkOutput, setup: MethodSetup) throws
    /// The unweighted loss for one batch, a scalar.
    func loss(student: NetworkOutput, teacher: NetworkOutput, step: TrainingStep) -> Tensor
}

/// Whose outputs a method learns from.
public enum KnowledgeSource: Sendable {
    /// A pretrained, frozen teacher (offline distillation).
    case teacher
    /// The other students trained in the same run, detached (deep mutual learning).
    case peers
    /// The student's own output (self-distillation, e.g. ONE's branch ensemble).
    case itself
}

/// What a method may size its learnable parts by, besides the probe outputs.
public struct MethodSetup: Sendable {
    /// The number of samples in the training split (CRD keeps one memory slot per sample).
    public var trainingSampleCount: Int
    /// The run's seed, for methods that draw random numbers while training.
    public var seed: UInt64

    public init(trainingSampleCount: Int, seed: UInt64) {
        self.trainingSampleCount = trainingSampleCount
        self.seed = seed
    }
}

/// Where one training batch sits in the run.
public struct TrainingStep: Sendable {
    public var labels: [Int]
    /// The dataset rows of the samples (CRD's memory slots).
    public var sampleIndices: [Int]
    /// The epoch, counting from 0 (ramp-ups read it).
    public var epoch: Int
    public var epochs: Int
    /// The batch within the epoch, counting from 0.
    public var batch: Int
    /// Batches per epoch.
    public var batches: Int

    public init(labels: [Int], sampleIndices: [Int], epoch: Int, epochs: Int, batch: Int, batches: Int = 1) {
        precondition(batches >= 1 && (0..<batches).contains(batch), "TrainingStep: batch \(batch) of \(batches)")
        self.labels = labels
        self.sampleIndices = sampleIndices
        self.epoch = epoch
        self.epochs = epochs
        self.batch = batch
        self.batches = batches
    }

    /// Epochs done once this step is: `epoch + (batch + 1) / batches`, so ramps measured in
    /// epochs move every step, and a warm-up shorter than an epoch still ramps.
    public var epochsCompleted: Double { Double(epoch) + Double(batch + 1) / Double(batches) }

    /// A step outside any run: samples `0..<labels.count`, batch 0 of the only epoch.
    public init(labels: [Int]) {
        self.init(labels: labels, sampleIndices: Array(labels.indices), epoch: 0, epochs: 1, batch: 0)
    }
}

/// A method whose loss is the batch mean of one value per sample, so that several teachers can
/// be weighed per sample (``TeacherWeighting/confidence``). Conformers implement
/// ``sampleLosses(student:teacher:step:)``; ``DistillationMethod/loss(student:teacher:step:)``
/// is its mean.
public protocol SampleDecomposableMethod: DistillationMethod {
    /// The unweighted loss of each sample, `[N]`.
    func sampleLosses(student: NetworkOutput, teacher: NetworkOutput, step: TrainingStep) -> Tensor
}

extension DistillationMethod {
    public var learnableModule: Module? { nil }
    public var knowledgeSource: KnowledgeSource { .teacher }
    public var defaultCrossEntropyWeight: Float? { nil }
    public func prepare(student: NetworkOutput, teacher: NetworkOutput, setup: MethodSetup) throws {}

    /// The loss of a batch with only its labels known (tests, one-off evaluation).
    public func loss(student: NetworkOutput, teacher: NetworkOutput, labels: [Int]) -> Tensor {
        loss(student: student, teacher: teacher, step: TrainingStep(labels: labels))
    }
}

extension SampleDecomposableMethod {
    public func loss(student: NetworkOutput, teacher: NetworkOutput, step: TrainingStep) -> Tensor {
        sampleLosses(student: student, teacher: teacher, step: step).mean()
    }
}
