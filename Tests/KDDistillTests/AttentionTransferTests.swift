import KDDistill
import KDTensor
import KDTestSupport
import KDZoo
import XCTest

final class AttentionTransferTests: XCTestCase {
    let student = FeatureMaps.student, teacher = FeatureMaps.teacher

    func testLossMatchesNumpyReference() {
        // numpy: a = (f**2).mean(1).reshape(N, -1); a /= norm(a, axis=1); ((a_s - a_t)**2).mean()
        let loss = AttentionTransfer().loss(student: output([("stage1", student)]), teacher: output([("stage1", teacher)]),
                                            labels: [0, 1])
        XCTAssertEqual(loss.item, 0.20877721645642633, accuracy: 1e-6)
    }

    func testLargerTeacherMapIsPooledToTheStudentSize() {
        // numpy: the 4x4 teacher map averaged over 2x2 blocks, then as above.
        let teacher = Tensor(shape: [2, 1, 4, 4], (0..<32).map { Float($0 % 5 - 2) })
        let loss = AttentionTransfer().loss(student: output([("stage1", student)]), teacher: output([("stage1", teacher)]),
                                            labels: [0, 1])
        XCTAssertEqual(loss.item, 0.08626466195585866, accuracy: 1e-6)
    }

    func testLossVanishesWhenAttentionCoincides() {
        // Scaling all channels keeps the normalised attention map.
        let loss = AttentionTransfer().loss(student: output([("stage1", student)]), teacher: output([("stage1", student * 3)]),
                                            labels: [0, 1])
        XCTAssertEqual(loss.item, 0, accuracy: 1e-7)
    }

    func testGradientMatchesFiniteDifferences() {
        let method = AttentionTransfer()
        XCTAssertGradientsMatch(at: [student.copy()], epsilon: 1e-2, tolerance: 2e-2) { inputs in
            method.loss(student: output([("stage1", inputs[0])]), teacher: output([("stage1", self.teacher)]), labels: [0, 1])
        }
    }

    func testStagePairsAreTheLastOfEachNetworkAndSumUp() throws {
        let method = AttentionTransfer()
        let studentOutput = output([("stage1", student), ("stage2", student * 2)])
        let teacherOutput = output([("stage1", teacher), ("stage2", teacher), ("stage3", teacher * 0.5)])
        try method.prepare(student: studentOutput, teacher: teacherOutput, setup: MethodSetup(trainingSampleCount: 2, seed: 1))
        XCTAssertEqual(method.teacherTaps, ["stage2", "stage3"])
        // Attention maps ignore scale, so both pairs give the reference value.
        XCTAssertEqual(method.loss(student: studentOutput, teacher: teacherOutput, labels: [0, 1]).item,
                       2 * 0.20877721645642633, accuracy: 1e-5)
    }

    func testFlatTapsAreRefusedByName() {
        let method = AttentionTransfer(taps: .pairs([TapPair(student: "embedding", teacher: "embedding")]))
        let flat = output([("embedding", Tensor.zeros([2, 3]))])
        XCTAssertThrowsError(try method.prepare(student: flat, teacher: flat, setup: MethodSetup(trainingSampleCount: 2, seed: 1))) {
            XCTAssertTrue("\($0)".contains("at: needs NCHW feature maps; tap pair embedding is 2x3 and 2x3"), "\($0)")
        }
    }

    func testShortRunLearnsAndReducesTheAttentionLoss() throws {
        try MethodRuns.assertLearns(AttentionTransfer())
    }
}
