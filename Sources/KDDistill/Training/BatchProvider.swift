import KDTensor
import KDZoo

/// One batch of training or evaluation data.
public struct TrainingBatch {
    /// `[N] + sample shape`, as stored in the dataset (each model reshapes it to its own presentation).
    public var inputs: Tensor
    /// One class per sample; for sequence-to-sequence batches, the decoder's target at every step
    /// (``TargetSequences/decoderTargets``, `[N · steps]`, padding ignored by the losses).
    public var labels: [Int]
    /// The dataset rows the samples came from, so teacher outputs can be cached per sample.
    public var sampleIndices: [Int]
    /// Valid lengths of padded sequences, when the dataset stores them.
    public var lengths: [Int]?
    /// The target token sequences of a sequence-to-sequence batch.
    public var targets: TargetSequences?

    public init(inputs: Tensor, labels: [Int], sampleIndices: [Int], lengths: [Int]? = nil, targets: TargetSequences? = nil) {
        self.inputs = inputs
        self.labels = labels
        self.sampleIndices = sampleIndices
        self.lengths = lengths
        self.targets = targets
    }

    /// A sequence-to-sequence batch: the labels are the targets' decoder targets.
    public init(inputs: Tensor, targets: TargetSequences, sampleIndices: [Int], lengths: [Int]? = nil) {
        self.init(inputs: inputs, labels: targets.decoderTargets, sampleIndices: sampleIndices, lengths: lengths, targets: targets)
    }

    /// The number of samples.
    public var count: Int { inputs.shape[0] }

    /// What networks read besides the samples: lengths, and targets to teacher-force.
    public var context: BatchContext { BatchContext(lengths: lengths, targets: targets) }
}

/// The batches of one dataset split, addressable by epoch and position so that a resumed run
/// sees exactly the batches an uninterrupted one would have.
public protocol BatchProvider {
    /// The number of samples in the split.
    var sampleCount: Int { get }
    /// The number of batches in one epoch.
    var batchCount: Int { get }
    /// Whether batches are randomly augmented (then teacher outputs cannot be cached per sample).
    var isAugmented: Bool { get }
    /// Batch `index` of `epoch`. The order (and any augmentation) is a pure function of the
    /// provider's seed, `epoch` and `index`.
    func batch(_ index: Int, epoch: Int) throws -> TrainingBatch
}
