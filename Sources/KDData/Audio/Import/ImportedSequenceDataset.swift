import KDTensor

/// One split of an imported `sequence` dataset.
public struct ImportedSequenceSplit {
    /// `[N, T, F]`, batch-first; frames past an example's length are zero.
    public let features: Tensor
    /// Valid frames per example.
    public let lengths: [Int]
    /// The class index per example (``AudioImportTargets/classes``; empty otherwise).
    public let classes: [Int]
    /// Target token ids per example, unpadded (``AudioImportTargets/tokens``; empty otherwise).
    public let targets: [[Int]]
    /// The source file of each example, relative to the imported folder.
    public let paths: [String]

    public var count: Int { paths.count }
}

/// The result of importing a folder of audio: features, labels and the front-end that made them.
public struct ImportedSequenceDataset {
    public let configuration: FeatureConfiguration
    /// Class names by index (``AudioImportTargets/classes``; empty otherwise).
    public let classNames: [String]
    /// The transcript tokens (``AudioImportTargets/tokens``; nil otherwise).
    public let targetVocabulary: Vocabulary?
    public let train: ImportedSequenceSplit
    public let test: ImportedSequenceSplit
    /// The training split's statistics, already applied, when normalisation is `global`.
    public let statistics: FeatureStatistics?
    /// Files left out under `skipBadFiles`, in path order.
    public let skipped: [AudioFileError]
}
