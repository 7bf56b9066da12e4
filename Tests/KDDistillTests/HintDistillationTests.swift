import KDDistill
import KDLayers
import KDTensor
import KDTestSupport
import KDZoo
import XCTest

final class HintDistillationTests: XCTestCase {
    private let setup = MethodSetup(trainingSampleCount: 4, seed: 1)

    private func prepared(student: [Int], teacher: [Int], hint: TapSelection = .middleStage) throws
        -> (HintDistillation, NetworkOutput, NetworkOutput) {
        var generator = SeededGenerator(seed: 5)
        let s = output([("stage1", Tensor.randomNormal(student, using: &generator))])
        let t = output([("stage1", Tensor.randomNormal(teacher, using: &generator).relu())])
        let method = HintDistillation(hint: hint)
        // The regressor's initial weights come from the initialisation stream: seed it, as the
        // trainer does, so the gradient check does not depend on which tests ran before.
        try withRandomSeed(setup.seed) { try method.prepare(student: s, teacher: t, setup: setup) }
        return (method, s, t)
    }

    func testRegressorBridgesChannelAndSpatialMismatches() throws {
        // Same size (1x1 conv), twice the size (stride-2 conv), larger (valid conv), smaller (teacher pooled).
        for (student, teacher) in [([4, 2, 4, 4], [4, 3, 4, 4]), ([4, 2, 8, 8], [4, 5, 4, 4]), ([4, 2, 5, 5], [4, 3, 3, 3]),
                                   ([4, 2, 2, 2], [4, 3, 4, 4]), ([4, 6], [4, 3])] {
            let (method, s, t) = try prepared(student: student, teacher: teacher)
            let loss = method.loss(student: s, teacher: t, labels: [0, 0, 0, 0])
            XCTAssertTrue(loss.item.isFinite && loss.item > 0, "\(student) -> \(teacher)")
            XCTAssertNotNil(method.learnableModule)
        }
    }

    /// The regressor's output computed by hand from its conv and batch-norm parameters
    /// (training mode: batch statistics), then ReLU.
    private func regressedByHand(_ method: HintDistillation, _ features: Tensor) -> Tensor {
        let children = method.learnableModule!.namedChildren
        let conv = children.first { $0.name == "conv" }!.module as! Conv2d
        let bn = children.first { $0.name == "bn" }!.module as! BatchNorm
        let mapped = features.conv2d(weight: conv.weight, bias: conv.bias)
        let mean = mapped.mean(alongAxes: [0, 2, 3], keepingDims: true)
        let variance = (mapped - mean).squared().mean(alongAxes: [0, 2, 3], keepingDims: true)
        let gamma = bn.weight!.reshaped(to: [1, bn.features, 1, 1]), beta = bn.bias!.reshaped(to: [1, bn.features, 1, 1])
        return ((mapped - mean) / (variance + 1e-5).sqrt() * gamma + beta).relu()
    }

    func testLossIsTheMeanSquaredErrorOfTheRegressedHint() throws {
        let (method, s, t) = try prepared(student: [4, 2, 3, 3], teacher: [4, 3, 3, 3])
        let expected = noGrad { (regressedByHand(method, s.taps["stage1"]!) - t.taps["stage1"]!).squared().mean() }
        XCTAssertEqual(method.loss(student: s, teacher: t, labels: [0, 0, 0, 0]).item, expected.item, accuracy: 1e-5)
    }

    func testLossIsZeroWhenTheRegressedHintEqualsTheTarget() throws {
        let (method, s, _) = try prepared(student: [4, 2, 3, 3], teacher: [4, 3, 3, 3])
        let target = noGrad { regressedByHand(method, s.taps["stage1"]!) }
        XCTAssertEqual(method.loss(student: s, teacher: output([("stage1", target)]), labels: [0, 0, 0, 0]).item,
                       0, accuracy: 1e-7)
    }

    func testGradientMatchesFiniteDifferencesIncludingTheRegressor() throws {
        let (method, s, t) = try prepared(student: [3, 2, 4, 4], teacher: [3, 3, 2, 2])
        let regressor = method.learnableModule!
        XCTAssertGradientsMatch(at: [s.taps["stage1"]!] + regressor.parameters, epsilon: 1e-2, tolerance: 3e-2) { inputs in
            method.loss(student: output([("stage1", inputs[0])]), teacher: t, labels: [0, 0, 0])
        }
    }

    func testHintNamesTapsAndUnknownOnesAreRefused() throws {
        let map = Tensor.zeros([2, 1, 2, 2])
        let s = output([("stage1", map), ("stage2", map)]), t = output([("stage1", map), ("stage2", map), ("stage3", map)])
        let method = HintDistillation()
        try method.prepare(student: s, teacher: t, setup: setup)
        XCTAssertEqual(method.teacherTaps, ["stage2"], "middle of the paired stages (s1-t2, s2-t3)")
        let named = HintDistillation(hint: try TapSelection.parse("stage1:stage3", option: "hint"))
        try named.prepare(student: s, teacher: t, setup: setup)
        XCTAssertEqual(named.teacherTaps, ["stage3"])
        XCTAssertThrowsError(try HintDistillation(hint: .parse("stage4", option: "hint")).prepare(student: s, teacher: t, setup: setup)) {
            XCTAssertEqual("\($0)", "invalid training option fitnet: the student has no feature tap 'stage4' (it has stage1, stage2, logits)")
        }
    }

    func testShortRunLearnsAndReducesTheHintLoss() throws {
        try MethodRuns.assertLearns(HintDistillation())
    }
}
