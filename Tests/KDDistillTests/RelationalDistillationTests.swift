import KDDistill
import KDTensor
import KDTestSupport
import KDZoo
import XCTest

final class RelationalDistillationTests: XCTestCase {
    let student = FeatureMaps.studentEmbedding, teacher = FeatureMaps.teacherEmbedding

    private func loss(_ method: RelationalDistillation, _ s: Tensor, _ t: Tensor) -> Tensor {
        method.loss(student: output([("embedding", s)]), teacher: output([("embedding", t)]), labels: [0, 1, 2])
    }

    func testDistanceAndAngleTermsMatchNumpyReference() {
        // numpy: d = pdist(e) / mean(d[d > 0]); loss_d = smooth_l1(d_s, d_t).mean();
        // angles: e[None] - e[:, None], normalised, einsum('ijd,ikd->ijk'); loss_a = smooth_l1 mean.
        XCTAssertEqual(loss(RelationalDistillation(distanceWeight: 1, angleWeight: 0), student, teacher).item,
                       0.023396926696380313, accuracy: 1e-6)
        XCTAssertEqual(loss(RelationalDistillation(distanceWeight: 0, angleWeight: 1), student, teacher).item,
                       0.10998967646449528, accuracy: 1e-6)
        XCTAssertEqual(loss(RelationalDistillation(), student, teacher).item, 6.084406990634272, accuracy: 1e-4)
    }

    func testLossVanishesForAScaledRotatedCopy() {
        // Distances are compared after normalising by their mean and angles ignore scale, so a
        // scaled permutation of the features has the same relations.
        let copy = student.indexSelect([1, 2, 0], alongAxis: 1) * 3
        XCTAssertEqual(loss(RelationalDistillation(), student, copy).item, 0, accuracy: 1e-5)
    }

    func testGradientMatchesFiniteDifferences() {
        let method = RelationalDistillation()
        var generator = SeededGenerator(seed: 3)
        let s = Tensor.randomNormal([4, 3], using: &generator), t = Tensor.randomNormal([4, 5], using: &generator)
        XCTAssertGradientsMatch(at: [s], epsilon: 1e-3, tolerance: 3e-2) { inputs in self.loss(method, inputs[0], t) }
    }

    func testShortRunLearnsAndReducesTheRelationLoss() throws {
        try MethodRuns.assertLearns(RelationalDistillation())
    }
}
