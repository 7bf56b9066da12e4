import KDZoo
import XCTest

final class CompatibilityTests: XCTestCase {
    private let registry = try! Registry([
        ToyArchitecture(name: "cnn"),
        ToyArchitecture(name: "mlp", inputLayouts: [.flat]),
        ToyArchitecture(name: "lstm", task: .sequenceClassification, inputLayouts: [.sequence]),
        ToyArchitecture(name: "tagger", task: .sequenceClassification, inputLayouts: [.sequence]),
        ToyArchitecture(name: "wide", inputLayouts: [.image]),
        ToyArchitecture(name: "transducer", task: .sequenceToSequence, inputLayouts: [.sequence]),
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

    /// A spectrogram classifier and a sequence classifier predict the same classes from the same data.
    func testClassifiersTeachAcrossImageAndSequenceFamilies() throws {
        let spectrogram = try InputSpec(parsing: "98x40")
        let cnnToLSTM = try registry.pairing(teacher: registry.resolve("cnn"), student: registry.resolve("lstm"), data: spectrogram)
        XCTAssertEqual(cnnToLSTM.teacherInput.description, "1x98x40 image")
        XCTAssertEqual(cnnToLSTM.studentInput.description, "98x40 sequence")
        let lstmToCNN = try registry.pairing(teacher: registry.resolve("lstm"), student: registry.resolve("cnn"), data: spectrogram)
        XCTAssertEqual(lstmToCNN.studentInput.description, "1x98x40 image")
        XCTAssertEqual(try registry.compatibleStudents(for: registry.resolve("cnn"), data: spectrogram).map(\.name),
                       ["cnn", "mlp", "lstm", "tagger", "wide"])
    }

    func testRefusesATaskMismatchAndListsTheStudentsThatFit() throws {
        XCTAssertThrowsError(try registry.pairing(teacher: registry.resolve("cnn"), student: registry.resolve("transducer"),
                                                  data: InputSpec(parsing: "1x28x28"))) { error in
            XCTAssertEqual("\(error)", "the teacher cnn-small does imageClassification but the student transducer-small does "
                + "sequenceToSequence; compatible students: cnn, mlp, lstm, tagger, wide")
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
