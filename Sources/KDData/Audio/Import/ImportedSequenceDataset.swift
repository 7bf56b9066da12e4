import Foundation
import KDTensor

/// One split of an imported `sequence` dataset.
public struct ImportedSequenceSplit {
    /// `[N, T, F]`, batch-first. Frames past an example's length hold zeros, or the training
    /// mean under global normalisation (zeros once the loader has normalised them).
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
    /// The training split's statistics (over valid frames) when normalisation is `global`; stored
    /// as the file's `mean`/`std` and applied by the batch loader, not to ``ImportedSequenceSplit/features``.
    public let statistics: FeatureStatistics?
    /// Files left out under `skipBadFiles`, in path order.
    public let skipped: [AudioFileError]
}

extension ImportedSequenceDataset {
    /// Writes a `sequence` ``DatasetFile``: `x` `[N, T, F]` float32, `lengths`, `y` class
    /// indices or, for token targets, `[N, L]` ids padded with 0 (`<pad>`); root attributes
    /// `classes` (class names, or the target vocabulary by id), `mean`/`std` for global
    /// normalisation, `feature_configuration` (``FeatureConfiguration`` as JSON) and, for token
    /// targets, `target_vocabulary` (JSON array). An empty `test` split is left out.
    public func write(to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        var attributes = [(name: "feature_configuration", value: String(decoding: try encoder.encode(configuration), as: UTF8.self))]
        if let targetVocabulary { attributes.append(("target_vocabulary", targetVocabulary.json)) }
        // At least two columns, so a one-token target is still read back as a sequence, not a class.
        let width = max(2, (train.targets + test.targets).map(\.count).max() ?? 0)
        func contents(_ split: ImportedSequenceSplit) -> DatasetSplitContents {
            targetVocabulary == nil
                ? DatasetSplitContents(samples: .float(split.features), labels: split.classes, lengths: split.lengths)
                : DatasetSplitContents(samples: .float(split.features), labels: Vocabulary.padded(split.targets, toWidth: width),
                                       labelWidth: width, lengths: split.lengths)
        }
        try DatasetFile.write(
            to: path, kind: .sequence, classes: targetVocabulary?.tokens ?? classNames,
            normalization: statistics.map { Normalization(mean: $0.mean, std: $0.standardDeviation) },
            splits: [("train", contents(train))] + (test.count > 0 ? [("test", contents(test))] : []),
            attributes: attributes)
    }
}
