import ArgumentParser
import Foundation
import KDData

/// `kdzoo data import pairs FILE --format cmudict|tsv -o FILE.h5`: source/target token pairs.
struct DataImportPairs: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pairs",
        abstract: "Import source/target token pairs (a pronouncing dictionary or a TSV) as a tokens dataset.",
        discussion: """
            cmudict: `WORD  PH1 PH2 ...` lines, `WORD(2)` alternates, `;;;` and `#` comments. \
            tsv: `source<TAB>target`, tokens separated by spaces. Both vocabularies are stored; \
            all pronunciations of a word land in the same split.
            """)

    @Argument(help: "The dictionary or TSV file.")
    var file: String

    @Option(help: "cmudict or tsv.")
    var format: TokenPairFile.Format

    @Option(help: "characters (graphemes) or tokens (space-separated); default characters for cmudict, tokens for tsv.")
    var sourceUnits: TokenPairFile.SourceUnits?

    @Flag(help: "Keep only the first pronunciation of each word (drop WORD(2)-style alternates).")
    var firstPronunciationOnly = false

    @Option(help: "The fraction of distinct sources (words) held out for the test split.")
    var testFraction = 0.1

    @Option(help: "The seed of the train/test split.")
    var seed: UInt64 = 0

    @Option(name: .shortAndLong, help: "The dataset file to write (.h5).")
    var output: String

    func validate() throws {
        guard (0..<1).contains(testFraction) else { throw ValidationError("--test-fraction must be in [0, 1)") }
    }

    func run() throws {
        var importer = TokenPairImporter(format: format, sourceUnits: sourceUnits)
        importer.firstPronunciationOnly = firstPronunciationOnly
        importer.testFraction = testFraction
        importer.seed = seed
        let dataset = try importer.importFile(URL(fileURLWithPath: file))
        try dataset.write(to: output)
        print("source vocabulary \(dataset.sourceVocabulary.count) tokens, target vocabulary \(dataset.targetVocabulary.count) tokens")
        print(DataInfo.render(try DatasetFile(contentsOf: output).summary()))
    }
}

extension TokenPairFile.Format: ExpressibleByArgument {}
extension TokenPairFile.SourceUnits: ExpressibleByArgument {}
