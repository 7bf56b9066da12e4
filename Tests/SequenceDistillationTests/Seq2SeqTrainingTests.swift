import Foundation
import KDDistill
import KDLayers
import KDTensor
import KDZoo
import Seq2SeqPlugin
import XCTest

/// A seq2seq model trained on the reversal task once per test run: the teacher of the tests below.
enum Reverser {
    static let trained: (network: any Network, history: [EpochSummary]) = {
        let network = makeModel("1x32", seed: 1)
        let session = StudentSession(name: "reverser", network: network, input: TokenTask.input, objective: .labelsOnly)
        let trainer = try! DistillationTrainer(students: [session], teacher: nil, configuration: .quick(epochs: 10),
                                               trainData: TokenTask(kind: .reverse, samples: 480, seed: 1, shuffleSeed: 5),
                                               testData: TokenTask(kind: .reverse, samples: 100, seed: 2))
        let history = try! trainer.run()
        network.eval()
        return (network, history)
    }()

    static func makeModel(_ variant: String, seed: UInt64) -> any Network {
        try! withRandomSeed(seed) { try Seq2SeqArchitecture().makeNetwork(variant: variant, input: TokenTask.input, classes: TokenTask.vocabulary) }
    }
}

final class Seq2SeqTrainingTests: XCTestCase {
    /// Teacher forcing through the trainer, greedy decoding in the evaluation: the sequences come out right.
    func testLearnsToReverseSequences() {
        let last = Reverser.trained.history.last!.students[0]
        XCTAssertGreaterThan(last.testTop1, 0.9, "sequence accuracy")
        XCTAssertLessThan(last.testTokenErrorRate!, 0.05)
        XCTAssertGreaterThan(last.trainAccuracy, 0.9, "teacher-forced token accuracy")
        let first = Reverser.trained.history.first!.students[0]
        XCTAssertLessThan(first.testTop1, last.testTop1)
    }

    func testBeamSearchScoresAtLeastAsWellHere() throws {
        let (network, _) = Reverser.trained
        let test = TokenTask(kind: .reverse, samples: 100, seed: 2)
        let greedy = try Evaluation.score(of: network, input: TokenTask.input, on: test)
        let beam = try Evaluation.score(of: network, input: TokenTask.input, on: test, beamWidth: 3)
        XCTAssertEqual(greedy.samples, 100)
        XCTAssertGreaterThanOrEqual(beam.accuracy, greedy.accuracy - 0.02)
        XCTAssertNil(greedy.top5)
    }

    /// Word-level KD alone (no labels) carries the teacher's per-step distributions into a fresh student.
    func testWordLevelDistillationAloneTeachesTheTask() throws {
        let teacher = TeacherSession(name: "reverser", network: Reverser.trained.network, input: TokenTask.input)
        let student = StudentSession(name: "student", network: Reverser.makeModel("1x24", seed: 7), input: TokenTask.input,
                                     objective: DistillationObjective(methods: [WordLevelDistillation(weight: 1)], crossEntropyWeight: 0))
        let trainer = try DistillationTrainer(students: [student], teacher: teacher, configuration: .quick(epochs: 8, learningRate: 0.02),
                                              trainData: TokenTask(kind: .reverse, samples: 320, seed: 1, shuffleSeed: 6),
                                              testData: TokenTask(kind: .reverse, samples: 100, seed: 2))
        let history = try trainer.run()
        XCTAssertGreaterThan(history.last!.students[0].testTop1, 0.7)
    }

    /// Sequence-level KD trains on the teacher's outputs, not the dataset's: on data whose targets
    /// are copies, a student taught by the reverser learns to reverse. The teacher's outputs are
    /// stored beside its cache and read back by the next run.
    func testSequenceLevelDistillationTrainsOnTheTeachersOutputs() throws {
        let teacher = TeacherSession(name: "reverser", network: Reverser.trained.network, input: TokenTask.input)
        let copies = TokenTask(kind: .copy, samples: 320, seed: 1, shuffleSeed: 7)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("seqkd-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let makeCache = {
            TeacherCache(directory: folder, teacher: teacher, source: TokenTask(kind: .copy, samples: 320, seed: 1),
                         taps: [], datasetIdentity: "copies")
        }
        let makeStudent = {
            StudentSession(name: "student", network: Reverser.makeModel("1x24", seed: 8), input: TokenTask.input,
                           objective: DistillationObjective(methods: [SequenceLevelDistillation(beamWidth: 2)]))
        }
        let recorder = NoteRecorder()
        let trainer = try DistillationTrainer(students: [makeStudent()], teacher: teacher,
                                              configuration: .quick(epochs: 8, learningRate: 0.02), trainData: copies, testData: TokenTask(kind: .reverse, samples: 100, seed: 2),
                                              teacherCache: makeCache())
        let history = try trainer.run(observer: recorder)
        XCTAssertGreaterThan(history.last!.students[0].testTop1, 0.7, "agreement with the reverser on reversal")
        XCTAssertEqual(try Evaluation.score(of: trainer.students[0].network, input: TokenTask.input,
                                            on: TokenTask(kind: .copy, samples: 100, seed: 2)).accuracy, 0, accuracy: 0.1,
                       "the dataset's copies were never the targets")
        let stored = try XCTUnwrap(recorder.notes.first { $0.hasPrefix("teacher beam outputs stored in") })
        XCTAssertTrue(FileManager.default.fileExists(atPath: String(stored.split(separator: " ").last!)))

        let again = NoteRecorder()
        _ = try DistillationTrainer(students: [makeStudent()], teacher: teacher, configuration: .quick(epochs: 1), trainData: copies,
                                    testData: TokenTask(kind: .reverse, samples: 10, seed: 2), teacherCache: makeCache()).run(observer: again)
        XCTAssertTrue(again.notes.contains { $0.hasPrefix("teacher beam outputs read from") }, "\(again.notes)")
    }

    func testSequenceLevelDistillationNeedsATeacherThatDecodes() throws {
        let teacher = TeacherSession(name: "no-decoder", network: ForwardOnly(Reverser.makeModel("1x4", seed: 1)), input: TokenTask.input)
        let student = StudentSession(name: "student", network: Reverser.makeModel("1x4", seed: 2), input: TokenTask.input,
                                     objective: DistillationObjective(methods: [SequenceLevelDistillation()]))
        let trainer = try DistillationTrainer(students: [student], teacher: teacher, configuration: .quick(epochs: 1),
                                              trainData: TokenTask(kind: .copy, samples: 8, seed: 1),
                                              testData: TokenTask(kind: .copy, samples: 8, seed: 2))
        XCTAssertThrowsError(try trainer.run()) { error in
            XCTAssertEqual("\(error)", "invalid training option method: seq-kd needs a sequence-to-sequence teacher that decodes; no-decoder does not")
        }
    }
}

/// A network's forward pass without its decoding.
private final class ForwardOnly: Network {
    let inner: any Network

    init(_ inner: any Network) {
        self.inner = inner
    }

    func forward(_ input: Tensor) -> NetworkOutput { inner.forward(input) }
    func forward(_ input: Tensor, context: BatchContext) -> NetworkOutput { inner.forward(input, context: context) }
}
