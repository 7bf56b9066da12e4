import KDData
import KDDistill
import KDLayers
import KDTensor
import KDZoo
import KDZooCatalog
import XCTest

final class LSTMTrainingTests: XCTestCase {
    private let registry = try! Catalog.makeRegistry()
    private let frames = try! InputSpec(.sequence, shape: [PaddedFrameTask.steps, PaddedFrameTask.features])

    private func train(_ name: String, input: InputSpec, objective: DistillationObjective = .labelsOnly,
                       teacher: TeacherSession? = nil, epochs: Int) throws -> (any Network, [EpochSummary]) {
        let network = try withRandomSeed(3) { try registry.resolve(name).makeNetwork(input: input, classes: PaddedFrameTask.features) }
        let student = StudentSession(name: name, network: network, input: input, objective: objective)
        let trainer = try DistillationTrainer(students: [student], teacher: teacher, configuration: .quick(epochs: epochs, batchSize: 25),
                                              trainData: PaddedFrameTask(samples: 200, seed: 1),
                                              testData: PaddedFrameTask(samples: 100, seed: 2))
        return (network, try trainer.run())
    }

    /// The trainer hands the batch's lengths to the LSTM: the loud noise past each sequence's end
    /// would otherwise decide the class.
    func testLearnsFromTheValidFramesOnly() throws {
        let (_, history) = try train("lstm-1x16", input: frames, epochs: 6)
        XCTAssertGreaterThan(history.last!.students[0].testTop1, 0.9)
    }

    /// Across families: a CNN teacher reads the frames as a one-channel image, an LSTM student as a
    /// sequence, and Hinton KD runs between them (and the reverse pairing is accepted too).
    func testDistilsACNNTeacherIntoAnLSTMStudent() throws {
        let pairing = try registry.pairing(teacher: registry.resolve("cnn-micro"), student: registry.resolve("lstm-1x16"), data: frames)
        XCTAssertEqual(pairing.teacherInput.description, "1x8x4 image")
        XCTAssertEqual(pairing.studentInput.description, "8x4 sequence")
        XCTAssertNoThrow(try registry.pairing(teacher: registry.resolve("lstm"), student: registry.resolve("cnn-micro"), data: frames))

        let (cnn, _) = try train("cnn-micro", input: pairing.teacherInput, epochs: 4)
        let teacher = TeacherSession(name: "cnn-micro", network: cnn, input: pairing.teacherInput)
        let (_, history) = try train("lstm-1x16", input: pairing.studentInput,
                                     objective: DistillationObjective(methods: [HintonDistillation()]), teacher: teacher, epochs: 6)
        XCTAssertGreaterThan(history.last!.students[0].testTop1, 0.8)
        XCTAssertTrue(history.allSatisfy { $0.students[0].trainLoss.isFinite })
    }
}

/// The shipped grapheme-to-phoneme set reaches a seq2seq model as the importer wrote it.
final class ShippedSequenceDataTests: XCTestCase {
    private let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("zoo/data/speech/g2p-espeak.h5").path

    func testGraphemeToPhonemeBatchesCarryTargetsEndedBySentenceEnd() throws {
        let file = try DatasetFile(contentsOf: path)
        let loader = try BatchLoader(dataset: file, split: "test", batchSize: 4, shuffle: false)
        let batch = try loader.batch(0, epoch: 0)
        let targets = try XCTUnwrap(batch.targets)
        let (_, stored, _) = try file.split("test").read(rows: [0, 1, 2, 3])
        let width = stored.count / 4
        XCTAssertEqual(targets.steps, width + 1)
        for row in 0..<4 {
            let tokens = Array(stored[row * width..<(row + 1) * width].prefix { $0 != 0 })
            XCTAssertEqual(targets.tokens[row], tokens)
            XCTAssertEqual(Array(batch.labels[row * (width + 1)..<row * (width + 1) + tokens.count + 1]), tokens + [SpecialToken.end])
        }
        XCTAssertEqual(batch.lengths?.count, 4)
        XCTAssertEqual(batch.count, 4)
    }
}
