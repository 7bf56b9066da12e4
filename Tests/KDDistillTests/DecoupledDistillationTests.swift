import KDDistill
import KDTensor
import KDTestSupport
import KDZoo
import XCTest

final class DecoupledDistillationTests: XCTestCase {
    private var generator = SeededGenerator(seed: 12)
    private let labels = [2, 0, 1]
    private func logits(_ x: Tensor) -> NetworkOutput { NetworkOutput(logits: x, features: []) }
    /// A step past the warm-up, so the weight is 1.
    private var step: TrainingStep { TrainingStep(labels: labels, sampleIndices: [0, 1, 2], epoch: 99, epochs: 100, batch: 0) }

    func testHintonLossDecomposesIntoTargetAndNonTargetParts() {
        // Zhao et al., eq. (1): KD = TCKD + (1 − p_target of the teacher) · NCKD, per sample.
        let s = Tensor.randomNormal([3, 5], std: 2, using: &generator), t = Tensor.randomNormal([3, 5], std: 2, using: &generator)
        let tckd = DecoupledDistillation(targetWeight: 1, nonTargetWeight: 0).sampleLosses(student: logits(s), teacher: logits(t), step: step)
        let nckd = DecoupledDistillation(targetWeight: 0, nonTargetWeight: 1).sampleLosses(student: logits(s), teacher: logits(t), step: step)
        let kd = HintonDistillation(temperature: 4).sampleLosses(student: logits(s), teacher: logits(t), step: step)
        let teacherTarget = (t / 4).softmax(alongAxis: -1).gather(labels, alongAxis: 1)
        XCTAssertClose(kd, tckd + (1 - teacherTarget) * nckd, tolerance: 1e-4)
    }

    func testLossVanishesWhenStudentEqualsTeacher() {
        let x = Tensor.randomNormal([3, 5], std: 2, using: &generator)
        XCTAssertEqual(DecoupledDistillation().loss(student: logits(x), teacher: logits(x.copy()), step: step).item, 0, accuracy: 1e-5)
    }

    func testWeightRampsUpOverTheWarmup() {
        func step(epoch: Int, of epochs: Int, batch: Int = 0, batches: Int = 1) -> TrainingStep {
            TrainingStep(labels: labels, sampleIndices: [0, 1, 2], epoch: epoch, epochs: epochs, batch: batch, batches: batches)
        }
        let method = DecoupledDistillation(warmupEpochs: 4)
        XCTAssertEqual((0..<6).map { method.warmup(after: step(epoch: $0, of: 10)) }, [0.25, 0.5, 0.75, 1, 1, 1])
        // Within an epoch too: half of the first epoch of four is an eighth of the warm-up.
        XCTAssertEqual(method.warmup(after: step(epoch: 0, of: 10, batch: 49, batches: 100)), 0.125, accuracy: 1e-6)
        // By default a twelfth of the run (mdistiller: 20 of 240 epochs).
        XCTAssertEqual(DecoupledDistillation().warmup(after: step(epoch: 0, of: 240)), 1 / 20)
        XCTAssertEqual(DecoupledDistillation().warmup(after: step(epoch: 0, of: 24)), 0.5)
        // A run of 6 epochs warms up over half of the first: its first step does not get the full weight.
        XCTAssertEqual(DecoupledDistillation().warmup(after: step(epoch: 0, of: 6, batch: 0, batches: 100)), 0.02, accuracy: 1e-6)
        XCTAssertEqual(DecoupledDistillation().warmup(after: step(epoch: 0, of: 6, batch: 49, batches: 100)), 1)
    }

    func testGradientMatchesFiniteDifferences() {
        let t = Tensor.randomNormal([3, 5], std: 2, using: &generator)
        let method = DecoupledDistillation()
        XCTAssertGradientsMatch(at: [Tensor.randomNormal([3, 5], using: &generator)], epsilon: 1e-2, tolerance: 2e-2) {
            method.loss(student: self.logits($0[0]), teacher: self.logits(t), step: self.step)
        }
    }

    func testShortRunLearnsAndReducesTheDecoupledLoss() throws {
        try MethodRuns.assertLearns(DecoupledDistillation())
    }
}
