import KDLayers
import KDTensor
import KDTestSupport
import XCTest

final class ActivationLayerTests: XCTestCase {
    private let input = Tensor(shape: [2, 4], [-3, -0.5, 0.25, 7, 1.5, -1.25, 5.5, 0.75])

    func testEachLayerAppliesItsFunction() {
        let cases: [(any Layer, (Float) -> Float)] = [
            (ReLU(), { max($0, 0) }),
            (ReLU6(), { min(max($0, 0), 6) }),
            (LeakyReLU(negativeSlope: 0.2), { $0 > 0 ? $0 : 0.2 * $0 }),
            (Sigmoid(), { 1 / (1 + exp(-$0)) }),
            (Tanh(), { tanh($0) }),
            (GELU(), { 0.5 * $0 * (1 + erf($0 / Float(2).squareRoot())) }),
        ]
        for (layer, function) in cases {
            XCTAssertClose(layer(input), input.mapElements(function), tolerance: 1e-6)
        }
    }

    func testGradientsMatchFiniteDifferences() {
        let layers: [any Layer] = [ReLU(), ReLU6(), LeakyReLU(), Sigmoid(), Tanh(), GELU()]
        for layer in layers {
            XCTAssertGradientsMatch(at: [input.copy()], epsilon: 1e-2) { inputs in layer(inputs[0]) }
        }
    }
}
