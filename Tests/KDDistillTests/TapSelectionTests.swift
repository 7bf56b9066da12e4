import KDDistill
import KDTensor
import KDZoo
import XCTest

final class TapSelectionTests: XCTestCase {
    private let map = Tensor.zeros([1, 1, 1, 1])
    private func stages(_ count: Int) -> NetworkOutput {
        output((1...count).map { ("stage\($0)", map) } + [("embedding", Tensor.zeros([1, 2]))])
    }

    func testParsesNamesAndStudentTeacherPairs() throws {
        XCTAssertEqual(try TapSelection.parse("stage2", option: "hint"), .pairs([TapPair(student: "stage2", teacher: "stage2")]))
        XCTAssertEqual(try TapSelection.parse("stage1, stage3:stage2", option: "taps"),
                       .pairs([TapPair(student: "stage1", teacher: "stage1"), TapPair(student: "stage3", teacher: "stage2")]))
        for bad in ["", "stage1,", "a:b:c", ":stage1"] {
            XCTAssertThrowsError(try TapSelection.parse(bad, option: "taps"), bad) {
                XCTAssertTrue("\($0)".contains("taps: '\(bad)' should list taps as NAME or STUDENT:TEACHER"), "\($0)")
            }
        }
    }

    func testStageRulesPairTheLastStagesOfEach() throws {
        let student = stages(4), teacher = stages(3)
        XCTAssertEqual(try TapSelection.allStages.pairs(student: student, teacher: teacher, method: "at").map(\.description),
                       ["stage2:stage1", "stage3:stage2", "stage4:stage3"])
        XCTAssertEqual(try TapSelection.middleStage.pairs(student: student, teacher: teacher, method: "fitnet").map(\.description),
                       ["stage3:stage2"])
        XCTAssertEqual(try TapSelection.lastStage.pairs(student: student, teacher: teacher, method: "sp").map(\.description),
                       ["stage4:stage3"])
        XCTAssertEqual(try TapSelection.embedding.pairs(student: student, teacher: teacher, method: "rkd").map(\.description),
                       ["embedding"])
    }

    func testNetworksWithoutStagesAreRefusedWithTheTapsTheyHave() {
        let flat = output([("embedding", Tensor.zeros([1, 2]))])
        XCTAssertThrowsError(try TapSelection.allStages.pairs(student: flat, teacher: stages(2), method: "at")) {
            XCTAssertTrue("\($0)".contains("at: the student (embedding, logits) and the teacher (stage1, stage2, embedding, logits) have no stage taps"), "\($0)")
        }
    }
}
