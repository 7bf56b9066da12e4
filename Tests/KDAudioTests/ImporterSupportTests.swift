import Foundation
import KDData
import XCTest

/// CSV manifests, vocabularies and seeded splits, shared by the audio and pair importers.
final class ImporterSupportTests: XCTestCase {
    private func table(_ text: String) throws -> CSVTable {
        let url = try TestAudio.temporaryDirectory(for: self).appendingPathComponent("table.csv")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return try CSVTable(contentsOf: url)
    }

    func testCSVQuotingLineEndsAndBlankLines() throws {
        let csv = try table("Path, Label\r\n\"a,b.wav\",\"say \"\"hi\"\"\"\r\n\nc.wav,\"two\nlines\"\nd.wav,x")
        XCTAssertEqual(csv.header, ["path", "label"])
        XCTAssertEqual(csv.rows.map(\.fields), [["a,b.wav", "say \"hi\""], ["c.wav", "two\nlines"], ["d.wav", "x"]])
        XCTAssertEqual(csv.rows.map(\.line), [2, 4, 6])
        XCTAssertEqual(csv.column("LABEL"), 1)
    }

    func testCSVErrorsNameFileAndLine() throws {
        XCTAssertThrowsError(try table("path,label\na.wav\n")) { error in
            XCTAssertTrue("\(error)".hasSuffix("table.csv: line 2 has 1 fields, the header has 2"), "\(error)")
        }
        XCTAssertThrowsError(try table("path,label\n\"a.wav,x\n")) { error in
            XCTAssertTrue("\(error)".contains("never closed"), "\(error)")
        }
        XCTAssertThrowsError(try table("path,label\n").requireColumn("split")) { error in
            XCTAssertTrue("\(error)".contains("no column 'split' (columns: path, label)"), "\(error)")
        }
    }

    func testVocabularyReservesIdsAndSortsTokens() throws {
        let vocabulary = Vocabulary(building: [["k", "ae", "t"], ["d", "ao", "g"], ["k", "<pad>"]])
        XCTAssertEqual(vocabulary.tokens, ["<pad>", "<s>", "</s>", "<unk>", "ae", "ao", "d", "g", "k", "t"])
        XCTAssertEqual(vocabulary.encode(["k", "ae", "zz"]), [8, 4, 3])
        XCTAssertEqual(vocabulary.decode([8, 4, 9, 0, 5]), ["k", "ae", "t"])
        let json = try JSONEncoder().encode(vocabulary)
        XCTAssertEqual(try JSONDecoder().decode(Vocabulary.self, from: json), vocabulary)
    }

    func testStratifiedSplitIsSeededPerClassAndKeepsTrainNonEmpty() {
        let classes = Array(repeating: 0, count: 10) + Array(repeating: 1, count: 5) + [2]
        let split = TrainTestSplit.stratified(classes: classes, testFraction: 0.2, seed: 11)
        XCTAssertEqual(split, TrainTestSplit.stratified(classes: classes, testFraction: 0.2, seed: 11))
        XCTAssertNotEqual(split, TrainTestSplit.stratified(classes: classes, testFraction: 0.2, seed: 12))
        func testCount(_ label: Int) -> Int { zip(classes, split).filter { $0.0 == label && $0.1 }.count }
        XCTAssertEqual([testCount(0), testCount(1), testCount(2)], [2, 1, 0])

        let pair = TrainTestSplit.stratified(classes: [4, 4], testFraction: 0.9, seed: 0)
        XCTAssertEqual(pair.filter { $0 }.count, 1, "a class of two keeps one example for training")
    }
}
