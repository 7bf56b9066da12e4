import KDTensor

/// One batch of training or evaluation data.
public struct TrainingBatch {
    /// `[N] + sample shape`, as stored in the dataset (each model reshapes it to its own presentation).
    public var inputs: Tensor
    public var labels: [Int]
    /// The dataset rows the samples came from, so teacher outputs can be cached per sample.
    public var sampleIndices: [Int]
    /// Valid lengths of padded sequences, when the dataset stores them.
    public var lengths: [Int]?

    public init(inputs: Tensor, labels: [Int], sampleIndices: [Int], lengths: [Int]? = nil) {
        self.inputs = inputs
        self.labels = labels
        self.sampleIndices = sampleIndices
        self.lengths = lengths
    }
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
