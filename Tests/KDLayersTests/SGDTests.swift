import KDLayers
import KDTensor
import XCTest

/// Each case is checked against values worked out by hand from PyTorch's update rule,
/// starting from p = [1, -2] with learning rate 0.1.
final class SGDTests: XCTestCase {
    private let constant: [[Float]] = [[0.5, 1], [0.5, 1]]
    private let varying: [[Float]] = [[0.5, 1], [-1, 0.25], [0.2, -0.4]]

    func testPlain() {
        let trace = optimizerTrace(gradients: constant) { SGD(parameters: [$0], learningRate: 0.1) }
        XCTAssertTracesClose(trace, [[0.95, -2.1], [0.9, -2.2]])
    }

    func testWeightDecayAddsToTheGradient() {
        // d = g + 0.1 p: [0.6, 0.8], then [0.594, 0.792]
        let trace = optimizerTrace(gradients: constant) { SGD(parameters: [$0], learningRate: 0.1, weightDecay: 0.1) }
        XCTAssertTracesClose(trace, [[0.94, -2.08], [0.8806, -2.1592]])
    }

    func testMomentumStartsFromTheFirstGradient() {
        // buffer = g1 = [0.5, 1]; then 0.9 · g1 + g2 = [-0.55, 1.15]; then 0.9 · that + g3 = [-0.295, 0.635]
        let trace = optimizerTrace(gradients: varying) { SGD(parameters: [$0], learningRate: 0.1, momentum: 0.9) }
        XCTAssertTracesClose(trace, [[0.95, -2.1], [1.005, -2.215], [1.0345, -2.2785]])
    }

    func testDampeningSkipsTheFirstStep() {
        // buffer = g; then 0.9 g + 0.5 g = [0.7, 1.4]
        let trace = optimizerTrace(gradients: constant) { SGD(parameters: [$0], learningRate: 0.1, momentum: 0.9, dampening: 0.5) }
        XCTAssertTracesClose(trace, [[0.95, -2.1], [0.88, -2.24]])
    }

    func testNesterovLooksAhead() {
        // d = g + 0.9 · buffer: 1.9 g, then buffer = 1.9 g and d = 2.71 g
        let trace = optimizerTrace(gradients: constant) { SGD(parameters: [$0], learningRate: 0.1, momentum: 0.9, nesterov: true) }
        XCTAssertTracesClose(trace, [[0.905, -2.19], [0.7695, -2.461]])
    }

    func testParametersWithoutGradientsAreSkipped() {
        let idle = Tensor(shape: [1], [3], requiresGrad: true)
        let sgd = SGD(parameters: [idle], learningRate: 0.1, momentum: 0.9, weightDecay: 1)
        sgd.step()
        XCTAssertEqual(idle.scalars, [3])
        XCTAssertEqual(sgd.stepCount, 1)
        XCTAssertTrue(sgd.exportState().tensors.isEmpty)
    }
}
