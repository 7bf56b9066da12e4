import KDLayers
import KDTensor
import XCTest

/// Each case is checked against values worked out by hand from PyTorch's update rule,
/// starting from p = [1, -2].
final class SGDTests: XCTestCase {
    private func run(_ optimizer: (Tensor) -> SGD, gradients: [[Float]]) -> [[Float]] {
        let parameter = Tensor(shape: [2], [1, -2], requiresGrad: true)
        let sgd = optimizer(parameter)
        return gradients.map { gradient in
            parameter.grad = Tensor(shape: [2], gradient)
            sgd.step()
            return parameter.scalars
        }
    }

    private func assertClose(_ actual: [[Float]], _ expected: [[Float]], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(actual.count, expected.count, file: file, line: line)
        for (a, e) in zip(actual.joined(), expected.joined()) { XCTAssertEqual(a, e, accuracy: 1e-6, file: file, line: line) }
    }

    private let constant: [[Float]] = [[0.5, 1], [0.5, 1]]

    func testPlain() {
        assertClose(run({ SGD(parameters: [$0], learningRate: 0.1) }, gradients: constant), [[0.95, -2.1], [0.9, -2.2]])
    }

    func testWeightDecayAddsToTheGradient() {
        // d = g + 0.1 p: [0.6, 0.8], then [0.594, 0.792]
        assertClose(run({ SGD(parameters: [$0], learningRate: 0.1, weightDecay: 0.1) }, gradients: constant),
                    [[0.94, -2.08], [0.8806, -2.1592]])
    }

    func testMomentumStartsFromTheFirstGradient() {
        // buffer = g1 = [0.5, 1]; then 0.9 · g1 + g2 = [-0.55, 1.15]; then 0.9 · that + g3 = [-0.295, 0.635]
        assertClose(run({ SGD(parameters: [$0], learningRate: 0.1, momentum: 0.9) }, gradients: [[0.5, 1], [-1, 0.25], [0.2, -0.4]]),
                    [[0.95, -2.1], [1.005, -2.215], [1.0345, -2.2785]])
    }

    func testDampeningSkipsTheFirstStep() {
        // buffer = g; then 0.9 g + 0.5 g = [0.7, 1.4]
        assertClose(run({ SGD(parameters: [$0], learningRate: 0.1, momentum: 0.9, dampening: 0.5) }, gradients: constant),
                    [[0.95, -2.1], [0.88, -2.24]])
    }

    func testNesterovLooksAhead() {
        // d = g + 0.9 · buffer: 1.9 g, then buffer = 1.9 g and d = 2.71 g
        assertClose(run({ SGD(parameters: [$0], learningRate: 0.1, momentum: 0.9, nesterov: true) }, gradients: constant),
                    [[0.905, -2.19], [0.7695, -2.461]])
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
