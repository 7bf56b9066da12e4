import KDTensor

/// One split of an imported `tokens` dataset: id sequences, unpadded.
public struct ImportedTokenSplit: Sendable {
    public let sources: [[Int]]
    public let targets: [[Int]]

    public var count: Int { sources.count }
}

/// Token pairs encoded with both vocabularies and split into train and test.
public struct ImportedTokenDataset: Sendable {
    /// Built from every pair (train and test), so no test token is unknown.
    public let sourceVocabulary: Vocabulary
    public let targetVocabulary: Vocabulary
    public let train: ImportedTokenSplit
    public let test: ImportedTokenSplit
}

extension ImportedTokenDataset {
    /// Writes a `tokens` ``DatasetFile``: `x` `[N, S]` source ids (float32, exact) padded with 0
    /// (`<pad>`), `lengths` the source lengths, `y` `[N, L]` target ids padded with 0 (a
    /// target's length is its count of non-zero ids); root attributes `classes` (the target
    /// vocabulary by id: a decoder's output classes), `source_vocabulary` and `target_vocabulary`
    /// (JSON arrays). An empty `test` split is left out.
    public func write(to path: String) throws {
        let all = [train, test]
        let sourceWidth = all.flatMap(\.sources).map(\.count).max() ?? 1
        // At least two columns, so one-token targets are still read back as sequences, not classes.
        let targetWidth = max(2, all.flatMap(\.targets).map(\.count).max() ?? 0)
        func contents(_ split: ImportedTokenSplit) -> DatasetSplitContents {
            let sources = Vocabulary.padded(split.sources, toWidth: sourceWidth).map(Float.init)
            return DatasetSplitContents(samples: .float(Tensor(shape: [split.count, sourceWidth], sources)),
                                        labels: Vocabulary.padded(split.targets, toWidth: targetWidth),
                                        labelWidth: targetWidth, lengths: split.sources.map(\.count))
        }
        try DatasetFile.write(
            to: path, kind: .tokens, classes: targetVocabulary.tokens,
            splits: [("train", contents(train))] + (test.count > 0 ? [("test", contents(test))] : []),
            attributes: [("source_vocabulary", sourceVocabulary.json), ("target_vocabulary", targetVocabulary.json)])
    }
}
