import KDDistill
import KDTensor
import KDTestSupport
import KDZoo
import XCTest

final class ProbabilisticKnowledgeTransferTests: XCTestCase {
    let student = FeatureMaps.studentEmbedding, teacher = FeatureMaps.teacherEmbedding

    private func loss(_ s: Tensor, _ t: Tensor) -> Tensor {
        ProbabilisticKnowledgeTransfer().loss(student: output([("embedding", s)]), teacher: output([("embedding", t)]),
                                              labels: [0, 1, 2])
    }

    func testLossMatchesNumpyReference() {
        // numpy: x /= sqrt((x**2).sum(1)) + eps; P = (x @ x.T + 1) / 2; P /= P.sum(1);
        // (P_t * log((P_t + eps) / (P_s + eps))).mean(), eps = 1e-7
        XCTAssertEqual(loss(student, teacher).item, 0.06554305775314433, accuracy: 1e-6)
    }

    func testLossVanishesWhenCosinesCoincide() {
        XCTAssertEqual(loss(student, student.indexSelect([2, 1, 0], alongAxis: 1) * 0.5).item, 0, accuracy: 1e-6)
    }

    func testGradientMatchesFiniteDifferences() {
        XCTAssertGradientsMatch(at: [student.copy()], epsilon: 1e-2, tolerance: 2e-2) { inputs in
            self.loss(inputs[0], self.teacher)
        }
    }

    func testShortRunLearnsAndReducesTheTransferLoss() throws {
        try MethodRuns.assertLearns(ProbabilisticKnowledgeTransfer())
    }
}
