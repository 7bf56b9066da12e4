import KDDistill
import KDTensor
import KDTestSupport
import KDZoo
import XCTest

final class NeuronSelectivityTransferTests: XCTestCase {
    let student = FeatureMaps.student, teacher = FeatureMaps.teacher

    func testLossMatchesNumpyReference() {
        // numpy: f = f.reshape(N, C, -1) / norm(axis=2); k(a, b) = (einsum('ncx,ndx->ncd', a, b)**2).mean();
        // loss = k(t, t) + k(s, s) - 2 k(s, t)
        let loss = NeuronSelectivityTransfer().loss(student: output([("stage1", student)]),
                                                    teacher: output([("stage1", teacher)]), labels: [0, 1])
        XCTAssertEqual(loss.item, 0.8293793326473067, accuracy: 1e-5)
    }

    func testLossVanishesWhenChannelsCoincide() {
        // Per-channel scaling leaves the normalised channels, so the distributions match.
        let loss = NeuronSelectivityTransfer().loss(student: output([("stage1", student)]),
                                                    teacher: output([("stage1", student * 2)]), labels: [0, 1])
        XCTAssertEqual(loss.item, 0, accuracy: 1e-6)
    }

    func testGradientMatchesFiniteDifferences() {
        let method = NeuronSelectivityTransfer()
        XCTAssertGradientsMatch(at: [student.copy()], epsilon: 1e-2, tolerance: 2e-2) { inputs in
            method.loss(student: output([("stage1", inputs[0])]), teacher: output([("stage1", self.teacher)]), labels: [0, 1])
        }
    }

    func testShortRunLearnsAndReducesTheSelectivityLoss() throws {
        // At the paper's weight (50) the 4-channel test student is held near 50% accuracy within
        // 8 epochs: the selectivity term dominates its tiny capacity. A tenth of it trains both.
        try MethodRuns.assertLearns(NeuronSelectivityTransfer(weight: 5))
    }
}
