import Foundation
import KDData
import XCTest

final class TokenPairImporterTests: XCTestCase {
    private func file(_ text: String, name: String = "dict.txt", encoding: String.Encoding = .utf8) throws -> URL {
        let url = try TestAudio.temporaryDirectory(for: self).appendingPathComponent(name)
        try XCTUnwrap(text.data(using: encoding)).write(to: url)
        return url
    }

    private let cmudict = """
        ;;; # CMUdict  --  Major Version: 0.07
        ;;; comment lines start with three semicolons
        # and this one with a hash
        READ  R EH1 D
        READ(2)  R IY1 D
        CAT  K AE1 T
        DON'T  D OW1 N T

        tomato T AH0 M EY1 T OW2 # lower-case, one space, trailing comment
        """

    func testCMUdictCommentsAlternatesAndGraphemes() throws {
        let pairs = try TokenPairFile.read(try file(cmudict), format: .cmudict, sourceUnits: .characters)
        XCTAssertEqual(pairs.map { $0.source.joined() }, ["read", "read", "cat", "don't", "tomato"])
        XCTAssertEqual(pairs[1].target, ["R", "IY1", "D"])
        XCTAssertEqual(pairs[3].source, ["d", "o", "n", "'", "t"])
        XCTAssertEqual(pairs[4].target, ["T", "AH0", "M", "EY1", "T", "OW2"])

        let first = try TokenPairFile.read(try file(cmudict), format: .cmudict, sourceUnits: .characters,
                                           firstPronunciationOnly: true)
        XCTAssertEqual(first.map(\.target.count), [3, 3, 4, 6])
    }

    func testLatin1DictionaryReads() throws {
        let pairs = try TokenPairFile.read(try file("CAFÉ  K AE0 F EY1\n", encoding: .isoLatin1), format: .cmudict,
                                           sourceUnits: .characters)
        XCTAssertEqual(pairs[0].source, ["c", "a", "f", "é"])
    }

    func testTSVTokensOnBothSides() throws {
        let pairs = try TokenPairFile.read(try file("# words\nh e l l o\th @ l 'oU\nthree one\tT r i: w V n\n"),
                                           format: .tsv, sourceUnits: .tokens)
        XCTAssertEqual(pairs, [TokenPair(source: ["h", "e", "l", "l", "o"], target: ["h", "@", "l", "'oU"]),
                               TokenPair(source: ["three", "one"], target: ["T", "r", "i:", "w", "V", "n"])])
    }

    func testMalformedLinesAreErrorsWithFileAndLine() throws {
        XCTAssertThrowsError(try TokenPairFile.read(try file("CAT  K AE1 T\nDOG\n"), format: .cmudict, sourceUnits: .characters)) {
            XCTAssertTrue("\($0)".hasSuffix("dict.txt: line 2: 'DOG' has a word but no pronunciation"), "\($0)")
        }
        XCTAssertThrowsError(try TokenPairFile.read(try file("a\tb\tc\n"), format: .tsv, sourceUnits: .tokens)) {
            XCTAssertTrue("\($0)".contains("line 1 has 3 tab-separated columns, expected 2"), "\($0)")
        }
        XCTAssertThrowsError(try TokenPairFile.read(try file(";;; only comments\n"), format: .cmudict, sourceUnits: .characters)) {
            XCTAssertTrue("\($0)".contains("holds no cmudict entries"), "\($0)")
        }
        XCTAssertThrowsError(try TokenPairFile.read(URL(fileURLWithPath: "/nonexistent.dict"), format: .tsv, sourceUnits: .tokens))
    }

    func testImportEncodesWithBothVocabulariesAndKeepsAlternatesTogether() throws {
        var lines = (0..<40).map { "W\($0)  P\($0 % 5) Q" }
        lines += (0..<40).map { "W\($0)(2)  R" }
        var importer = TokenPairImporter(format: .cmudict)
        importer.testFraction = 0.25
        importer.seed = 5
        let dataset = try importer.importFile(try file(lines.joined(separator: "\n")))

        XCTAssertEqual(dataset.train.count + dataset.test.count, 80)
        XCTAssertEqual(dataset.test.count, 20, "10 of 40 words, with both pronunciations")
        XCTAssertEqual(dataset.targetVocabulary.tokens, Vocabulary.reserved + ["P0", "P1", "P2", "P3", "P4", "Q", "R"])
        let trainWords = Set(dataset.train.sources.map { dataset.sourceVocabulary.decode($0).joined() })
        let testWords = Set(dataset.test.sources.map { dataset.sourceVocabulary.decode($0).joined() })
        XCTAssertTrue(trainWords.isDisjoint(with: testWords))
        XCTAssertEqual(testWords.count, 10)
        XCTAssertEqual(dataset.sourceVocabulary.decode(dataset.train.sources[0]).first, "w")
    }
}
