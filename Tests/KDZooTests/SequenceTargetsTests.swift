import Foundation
import KDTensor
import KDZoo
import XCTest

final class SequenceTargetsTests: XCTestCase {
    func testTeacherForcingLayoutFromPaddedDatasetRows() {
        // Two rows of width 3 as a dataset stores them: `5 6 7` and `9` then padding.
        let targets = TargetSequences(padded: [5, 6, 7, 9, 0, 0], width: 3)
        XCTAssertEqual(targets.tokens, [[5, 6, 7], [9]])
        XCTAssertEqual(targets.steps, 4)
        XCTAssertEqual(targets.decoderInputs, [1, 5, 6, 7, /**/ 1, 9, 0, 0])
        XCTAssertEqual(targets.decoderTargets, [5, 6, 7, 2, /**/ 9, 2, 0, 0])
        XCTAssertEqual(TargetSequences([[4], []]).steps, 2)
        XCTAssertEqual(TargetSequences([[4], []]).decoderTargets, [4, 2, 2, 0])
    }

    func testRecurrentShapeSpelling() {
        XCTAssertEqual(RecurrentShape(parsing: "2x256-bi"), RecurrentShape(layers: 2, hiddenSize: 256, bidirectional: true))
        XCTAssertEqual(RecurrentShape(parsing: "01x032")?.description, "1x32")
        XCTAssertEqual(RecurrentShape(parsing: "2x64-bi")?.outputSize, 128)
        for bad in ["2x", "x2", "2x-1", "2x+3", "0x8", "2x8-bi-bi", "2x8x8", "", "2 x 8"] {
            XCTAssertNil(RecurrentShape(parsing: bad), bad)
        }
    }

    func testTokenInputsCarryTheirVocabularyAndSampleValidIds() throws {
        let letters = try InputSpec.tokens(length: 12, vocabulary: 30)
        XCTAssertEqual(letters.description, "12 tokens of 30 ids")
        XCTAssertEqual(letters.presentations, [letters])
        XCTAssertThrowsError(try InputSpec.tokens(length: 12, vocabulary: 0))
        var generator = SeededGenerator(seed: 1)
        let batch = letters.randomBatch(50, using: &generator)
        XCTAssertEqual(batch.shape, [50, 12])
        XCTAssertTrue(batch.scalars.allSatisfy { $0 == $0.rounded() && (4..<30).contains(Int($0)) })
    }
}

final class TokenInputCodingTests: XCTestCase {
    func testTokenInputsKeepTheirVocabularyInJSON() throws {
        let letters = try InputSpec.tokens(length: 12, vocabulary: 30)
        let json = try JSONEncoder().encode(letters)
        XCTAssertEqual(try JSONDecoder().decode(InputSpec.self, from: json), letters)
        XCTAssertThrowsError(try JSONDecoder().decode(InputSpec.self, from: Data(#"{"kind":"image","shape":[1,2,3],"vocabulary":4}"#.utf8)))
    }
}
