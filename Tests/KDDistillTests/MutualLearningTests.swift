import Foundation
import KDDistill
import KDLayers
import KDTensor
import KDTestSupport
import KDZoo
import XCTest

final class MutualLearningTests: XCTestCase {
    private var generator = SeededGenerator(seed: 31)
    private func logits(_ x: Tensor) -> NetworkOutput { NetworkOutput(logits: x, features: []) }

    func testLossIsTheMeanKLFromThePeers() {
        let student = Tensor.randomNormal([3, 4], using: &generator)
        let peers = (0..<2).map { _ in Tensor.randomNormal([3, 4], using: &generator) }
        let objective = DistillationObjective(teacherCount: 0, peerCount: 2) { [MutualLearning()] }
        let parts = objective.parts(student: logits(student), knowledge: KnowledgeSources(peers: peers.map(logits)),
                                    step: TrainingStep(labels: [0, 1, 2]))
        XCTAssertEqual(parts.map(\.name), ["ce", "dml"])
        let expected = peers.map { klDivergence(studentLogits: student, teacherLogits: $0).item }.reduce(0, +) / 2
        XCTAssertEqual(parts[1].value.item, expected, accuracy: 1e-6)
        XCTAssertEqual(parts[0].value.item, crossEntropy(logits: student, labels: [0, 1, 2]).item, accuracy: 1e-6)
    }

    func testLossVanishesWhenPeersAgree() {
        let x = Tensor.randomNormal([3, 4], using: &generator)
        XCTAssertEqual(MutualLearning().loss(student: logits(x), teacher: logits(x.copy()), labels: [0, 1, 2]).item, 0, accuracy: 1e-6)
    }

    func testGradientMatchesFiniteDifferences() {
        let peer = Tensor.randomNormal([3, 4], using: &generator)
        XCTAssertGradientsMatch(at: [Tensor.randomNormal([3, 4], using: &generator)]) {
            MutualLearning(temperature: 2).loss(student: self.logits($0[0]), teacher: self.logits(peer), labels: [0, 1, 2])
        }
    }

    private func peers(seeds: [UInt64]) -> [StudentSession] {
        seeds.enumerated().map { index, seed in
            StudentSession(name: "peer\(index + 1)",
                           network: TinyConvNetwork(channels: 4, stages: 2, classes: 4, seed: seed), input: TinyConvNetwork.input,
                           objective: DistillationObjective(teacherCount: 0, peerCount: seeds.count - 1) { [MutualLearning()] })
        }
    }

    func testPeersLearnTogetherWithoutATeacherAndResumeExactly() throws {
        try withScratchDirectory { scratch in
            let checkpoint = scratch.appendingPathComponent("run.ckpt.h5").path, killed = scratch.appendingPathComponent("killed.ckpt.h5").path
            var configuration = MethodRuns.configuration
            configuration.epochs = 6
            let uninterrupted = peers(seeds: [1, 2, 3])
            let history = try DistillationTrainer(students: uninterrupted, teachers: [], configuration: configuration,
                                                  trainData: MethodRuns.trainData(), testData: MethodRuns.testData())
                .run(checkpoint: checkpoint, observer: CheckpointCopier(epoch: 3, from: checkpoint, to: killed))
            for student in history.last!.students { XCTAssertGreaterThan(student.testTop1, 0.7, student.name) }

            let resumed = peers(seeds: [7, 8, 9])
            _ = try DistillationTrainer(students: resumed, teachers: [], configuration: configuration,
                                        trainData: MethodRuns.trainData(), testData: MethodRuns.testData())
                .run(checkpoint: killed, resume: true)
            for (a, b) in zip(uninterrupted, resumed) {
                XCTAssertEqual(a.network.stateDict().flatMap(\.tensor.scalars), b.network.stateDict().flatMap(\.tensor.scalars), a.name)
            }
        }
    }

    func testASingleMutualLearnerIsRefused() {
        let lone = peers(seeds: [1])
        XCTAssertThrowsError(try DistillationTrainer(students: lone, teachers: [], configuration: MethodRuns.configuration,
                                                     trainData: MethodRuns.trainData(), testData: MethodRuns.testData())) {
            XCTAssertEqual("\($0)", "invalid training option method: mutual learning needs at least two students, got one")
        }
    }
}
