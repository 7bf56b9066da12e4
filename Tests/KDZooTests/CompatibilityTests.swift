import KDZoo
import XCTest

final class CompatibilityTests: XCTestCase {
    private let registry = try! Registry([
        ToyArchitecture(name: "cnn"),
        ToyArchitecture(name: "mlp", inputLayouts: [.flat]),
        ToyArchitecture(name: "lstm", task: .sequenceClassification, inputLayouts: [.sequence]),
        ToyArchitecture(name: "tagger", task: .sequenceClassification, inputLayouts: [.sequence]),
        ToyArchitecture(name: "wide", inputLayouts: [.image]),
    ])

    func testEachModelSeesTheDataInAPresentationItReads() throws {
        let pairing = try registry.pairing(teacher: registry.resolve("cnn"), student: registry.resolve("mlp"),
                                           data: InputSpec(parsing: "1x28x28"))
        XCTAssertEqual(pairing.teacherInput.description, "1x28x28 image")
        XCTAssertEqual(pairing.studentInput.description, "784 flat")

        let spectrogram = try registry.pairing(teacher: registry.resolve("lstm"), student: registry.resolve("tagger"),
                                               data: InputSpec(parsing: "1x100x40"))
        XCTAssertEqual(spectrogram.studentInput.description, "100x40 sequence")
    }

    func testRefusesATaskMismatchAndListsTheStudentsThatFit() throws {
        XCTAssertThrowsError(try registry.pairing(teacher: registry.resolve("cnn"), student: registry.resolve("lstm"),
                                                  data: InputSpec(parsing: "1x28x28"))) { error in
            XCTAssertEqual("\(error)", "the teacher cnn-small does imageClassification but the student lstm-small does "
                + "sequenceClassification; compatible students: cnn, mlp, wide")
        }
    }

    func testRefusesAStudentThatCannotReadTheData() throws {
        XCTAssertThrowsError(try registry.pairing(teacher: registry.resolve("lstm"), student: registry.resolve("tagger"),
                                                  data: InputSpec(parsing: "3x32x32"))) { error in
            XCTAssertTrue("\(error)".hasPrefix("the teacher lstm-small cannot read a 3x32x32 image input: it reads sequence inputs"),
                          "\(error)")
        }
        XCTAssertThrowsError(try registry.pairing(teacher: registry.resolve("mlp"), student: registry.resolve("cnn"),
                                                  data: InputSpec(parsing: "784"))) { error in
            XCTAssertEqual("\(error)", "the student cnn-small cannot read 784 flat data: it reads image inputs; "
                + "compatible students: mlp")
        }
    }
}
