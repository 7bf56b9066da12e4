import Foundation
import KDData
import KDDistill
import KDLayers
import KDTensor
import KDZoo
import XCTest

final class DistillationTrainerTests: XCTestCase {
    let features = 6, classes = 4
    var scratch: URL!

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("kdzoo-trainer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: scratch)
    }

    private func data(seed: UInt64, shuffle: UInt64? = 5) -> BlobBatches {
        BlobBatches(samples: 256, classes: classes, features: features, batchSize: 32, seed: seed, shuffleSeed: shuffle)
    }

    private func configuration(epochs: Int) -> TrainingConfiguration {
        var configuration = TrainingConfiguration()
        configuration.epochs = epochs
        configuration.learningRate = 0.05
        configuration.weightDecay = 0
        return configuration
    }

    private func trainedTeacher() throws -> TeacherSession {
        let network = TinyNetwork(inputs: features, hidden: 32, classes: classes, seed: 1)
        let session = StudentSession(name: "teacher", network: network, input: .vector(features), objective: .labelsOnly)
        _ = try DistillationTrainer(students: [session], teacher: nil, configuration: configuration(epochs: 5),
                                    trainData: data(seed: 1), testData: data(seed: 2, shuffle: nil)).run()
        return TeacherSession(name: "teacher", network: network, input: .vector(features))
    }

    private func student(seed: UInt64 = 7) -> StudentSession {
        StudentSession(name: "student", network: TinyNetwork(inputs: features, hidden: 8, classes: classes, seed: seed),
                       input: .vector(features), objective: DistillationObjective(methods: [HintonDistillation()]))
    }

    func testDistilledStudentLearnsTheTask() throws {
        let history = try DistillationTrainer(students: [student()], teacher: try trainedTeacher(),
                                              configuration: configuration(epochs: 5),
                                              trainData: data(seed: 1), testData: data(seed: 2, shuffle: nil)).run()
        XCTAssertEqual(history.count, 5)
        XCTAssertGreaterThan(history.last!.students[0].testTop1, 0.9)
        XCTAssertLessThan(history.last!.students[0].trainLoss, history.first!.students[0].trainLoss)
    }

    func testResumedRunEndsWhereAnUninterruptedOneDoes() throws {
        let teacher = try trainedTeacher()
        let checkpoint = scratch.appendingPathComponent("run.ckpt.h5").path
        let killedAt = scratch.appendingPathComponent("killed.ckpt.h5").path
        // The uninterrupted run; its checkpoint after epoch 2 is what a run killed during epoch 3 leaves.
        let uninterrupted = student()
        _ = try DistillationTrainer(students: [uninterrupted], teacher: teacher, configuration: configuration(epochs: 4),
                                    trainData: data(seed: 1), testData: data(seed: 2, shuffle: nil))
            .run(checkpoint: checkpoint, observer: CheckpointCopier(epoch: 2, from: checkpoint, to: killedAt))

        let resumed = student(seed: 999)  // other initial weights: everything must come from the checkpoint
        let history = try DistillationTrainer(students: [resumed], teacher: teacher, configuration: configuration(epochs: 4),
                                              trainData: data(seed: 1), testData: data(seed: 2, shuffle: nil))
            .run(checkpoint: killedAt, resume: true)
        XCTAssertEqual(history.map(\.epoch), [1, 2, 3, 4])
        for ((path, a), (_, b)) in zip(uninterrupted.network.stateDict(), resumed.network.stateDict()) {
            XCTAssertEqual(a.scalars, b.scalars, "\(path) differs after resume")
        }
    }

    func testCheckpointOfAnotherRunIsRefused() throws {
        let checkpoint = scratch.appendingPathComponent("run.ckpt.h5").path
        let session = StudentSession(name: "student", network: TinyNetwork(inputs: features, hidden: 8, classes: classes, seed: 3),
                                     input: .vector(features), objective: .labelsOnly)
        _ = try DistillationTrainer(students: [session], teacher: nil, configuration: configuration(epochs: 1),
                                    trainData: data(seed: 1), testData: data(seed: 2, shuffle: nil)).run(checkpoint: checkpoint)
        var other = configuration(epochs: 1)
        other.learningRate = 0.01
        let trainer = try DistillationTrainer(students: [session], teacher: nil, configuration: other,
                                              trainData: data(seed: 1), testData: data(seed: 2, shuffle: nil))
        XCTAssertThrowsError(try trainer.run(checkpoint: checkpoint, resume: true)) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(checkpoint): cannot resume"), "\(error)")
        }
    }

    func testWrongResumeIsRefusedBeforeAnyWork() throws {
        let teacher = try trainedTeacher()
        let cache = TeacherCache(directory: scratch.path, teacher: teacher, source: data(seed: 1, shuffle: nil),
                                 taps: [TapName.logits], datasetIdentity: "blobs")
        let trainer = try DistillationTrainer(students: [student()], teacher: teacher, configuration: configuration(epochs: 1),
                                              trainData: data(seed: 1), testData: data(seed: 2, shuffle: nil), teacherCache: cache)
        let missing = scratch.appendingPathComponent("typo.ckpt.h5").path
        XCTAssertThrowsError(try trainer.run(checkpoint: missing, resume: true)) { error in
            XCTAssertEqual("\(error)", "\(missing): cannot resume from this checkpoint: there is no such file")
        }
        let notACheckpoint = scratch.appendingPathComponent("weights.h5").path
        try HDF5File.writeAtomically(to: notACheckpoint) { try $0.root.setAttribute("kind", "kdzoo-model") }
        XCTAssertThrowsError(try trainer.run(checkpoint: notACheckpoint, resume: true)) { error in
            XCTAssertEqual("\(error)", "\(notACheckpoint): cannot resume from this checkpoint: it is not a kdzoo checkpoint")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: cache.path), "the teacher was run before the checkpoint was checked")
    }

    func testNonFiniteLossStopsWithClearMessage() throws {
        let network = TinyNetwork(inputs: features, hidden: 8, classes: classes, seed: 3)
        let session = StudentSession(name: "student", network: network, input: .vector(features), objective: .labelsOnly)
        var bad = configuration(epochs: 2)
        bad.learningRate = 1e30
        let trainer = try DistillationTrainer(students: [session], teacher: nil, configuration: bad,
                                              trainData: data(seed: 1), testData: data(seed: 2, shuffle: nil))
        XCTAssertThrowsError(try trainer.run()) { error in
            guard case TrainingError.nonFiniteLoss(let name, _, _, let part, _) = error else {
                return XCTFail("unexpected error \(error)")
            }
            XCTAssertEqual(name, "student")
            XCTAssertEqual(part, "ce")
            XCTAssertTrue("\(error)".contains("NaN/Inf"))
        }
    }

    func testCachedTeacherOutputsMatchLiveOnesAndAreReused() throws {
        let teacher = try trainedTeacher()
        let source = data(seed: 1, shuffle: nil)
        func run() throws -> (String, [Float]) {
            let cache = TeacherCache(directory: scratch.path, teacher: teacher, source: source, taps: [TapName.logits],
                                     datasetIdentity: "blobs")
            let s = student()
            _ = try DistillationTrainer(students: [s], teacher: teacher, configuration: configuration(epochs: 2),
                                        trainData: data(seed: 1), testData: data(seed: 2, shuffle: nil),
                                        teacherCache: cache).run()
            return (cache.path, s.network.stateDict().flatMap(\.tensor.scalars))
        }
        let (path, cachedWeights) = try run()
        XCTAssertTrue(FileManager.default.fileExists(atPath: path))
        let modified = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as! Date
        let (_, reusedWeights) = try run()
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as! Date, modified)
        XCTAssertEqual(cachedWeights, reusedWeights)

        let live = student()
        _ = try DistillationTrainer(students: [live], teacher: teacher, configuration: configuration(epochs: 2),
                                    trainData: data(seed: 1), testData: data(seed: 2, shuffle: nil)).run()
        let liveWeights = live.network.stateDict().flatMap(\.tensor.scalars)
        XCTAssertEqual(zip(liveWeights, cachedWeights).map { abs($0 - $1) }.max()!, 0, accuracy: 1e-5)
    }
}
