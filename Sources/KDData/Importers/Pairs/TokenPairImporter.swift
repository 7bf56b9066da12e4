import Foundation

/// Turns a pronouncing dictionary or TSV of pairs into a `tokens` dataset.
public struct TokenPairImporter: Sendable {
    public var format: TokenPairFile.Format
    /// Defaults to characters for CMUdict (grapheme-to-phoneme) and tokens for TSV.
    public var sourceUnits: TokenPairFile.SourceUnits
    public var firstPronunciationOnly = false
    /// The fraction of distinct sources (words) held out for `test`.
    public var testFraction = 0.1
    public var seed: UInt64 = 0

    public init(format: TokenPairFile.Format, sourceUnits: TokenPairFile.SourceUnits? = nil) {
        self.format = format
        self.sourceUnits = sourceUnits ?? (format == .cmudict ? .characters : .tokens)
    }

    /// Reads, encodes and splits the pairs of `url`. Every pair with the same source (a word's
    /// alternate pronunciations) lands in the same split, so no test word is seen in training.
    /// - Throws: ``DataFileError`` from reading the file.
    public func importFile(_ url: URL) throws -> ImportedTokenDataset {
        precondition((0..<1).contains(testFraction), "test fraction \(testFraction) outside [0, 1)")
        let pairs = try TokenPairFile.read(url, format: format, sourceUnits: sourceUnits,
                                           firstPronunciationOnly: firstPronunciationOnly)
        let sourceVocabulary = Vocabulary(building: pairs.lazy.map(\.source))
        let targetVocabulary = Vocabulary(building: pairs.lazy.map(\.target))

        var groupOfSource: [[String]: Int] = [:]
        let groups = pairs.map { pair in
            if let group = groupOfSource[pair.source] { return group }
            groupOfSource[pair.source] = groupOfSource.count
            return groupOfSource.count - 1
        }
        let testGroups = TrainTestSplit.stratified(classes: Array(repeating: 0, count: groupOfSource.count),
                                                   testFraction: testFraction, seed: seed)
        func split(_ test: Bool) -> ImportedTokenSplit {
            let members = pairs.indices.filter { testGroups[groups[$0]] == test }
            return ImportedTokenSplit(sources: members.map { sourceVocabulary.encode(pairs[$0].source) },
                                      targets: members.map { targetVocabulary.encode(pairs[$0].target) })
        }
        return ImportedTokenDataset(sourceVocabulary: sourceVocabulary, targetVocabulary: targetVocabulary,
                                    train: split(false), test: split(true))
    }
}
