import KDDistill
import KDTensor
import KDTestSupport
import KDZoo
import XCTest

final class SimilarityPreservingTests: XCTestCase {
    let student = FeatureMaps.studentEmbedding, teacher = FeatureMaps.teacherEmbedding

    func testLossMatchesNumpyReference() {
        // numpy: G = f @ f.T; G /= norm(G, axis=1, keepdims=True); ((G_t - G_s)**2).sum() / N**2
        let loss = SimilarityPreserving(taps: .embedding).loss(student: output([("embedding", student)]),
                                                               teacher: output([("embedding", teacher)]), labels: [0, 1, 2])
        XCTAssertEqual(loss.item, 0.10216301555120959, accuracy: 1e-6)
    }

    func testLossVanishesWhenSimilaritiesCoincide() {
        // A rotation of the features (here a permutation of columns) keeps every inner product.
        let permuted = student.indexSelect([2, 0, 1], alongAxis: 1)
        let loss = SimilarityPreserving(taps: .embedding).loss(student: output([("embedding", student)]),
                                                               teacher: output([("embedding", permuted)]), labels: [0, 1, 2])
        XCTAssertEqual(loss.item, 0, accuracy: 1e-7)
    }

    func testGradientMatchesFiniteDifferences() {
        let method = SimilarityPreserving(taps: .embedding)
        XCTAssertGradientsMatch(at: [student.copy()], epsilon: 1e-2, tolerance: 2e-2) { inputs in
            method.loss(student: output([("embedding", inputs[0])]), teacher: output([("embedding", self.teacher)]),
                        labels: [0, 1, 2])
        }
    }

    func testDefaultTapIsTheLastStageOfEach() throws {
        let method = SimilarityPreserving()
        let map = Tensor.zeros([2, 1, 2, 2])
        try method.prepare(student: output([("stage1", map), ("stage2", map)]),
                           teacher: output([("stage1", map), ("stage2", map), ("stage3", map)]),
                           setup: MethodSetup(trainingSampleCount: 2, seed: 1))
        XCTAssertEqual(method.teacherTaps, ["stage3"])
    }

    func testShortRunLearnsAndReducesTheSimilarityLoss() throws {
        try MethodRuns.assertLearns(SimilarityPreserving())
    }
}
