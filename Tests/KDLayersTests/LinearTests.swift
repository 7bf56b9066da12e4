import KDLayers
import KDTensor
import KDTestSupport
import XCTest

final class LinearTests: XCTestCase {
    func testForwardMatchesMatmulPlusBias() {
        let layer = withRandomSeed(1) { Linear(inFeatures: 3, outFeatures: 2) }
        var generator = SeededGenerator(seed: 4)
        let input = Tensor.randomNormal([2, 4, 3], using: &generator)
        let expected = input.matmul(layer.weight, transposeOther: true) + layer.bias!
        XCTAssertClose(layer(input), expected, tolerance: 1e-6)
        XCTAssertEqual(layer.namedParameters.map(\.path), ["weight", "bias"])
    }

    func testGradientsMatchFiniteDifferences() {
        let layer = withRandomSeed(1) { Linear(inFeatures: 3, outFeatures: 4) }
        var generator = SeededGenerator(seed: 5)
        let input = Tensor.randomNormal([5, 3], using: &generator)
        XCTAssertGradientsMatch(at: [input, layer.weight, layer.bias!]) { _ in layer(input) }
    }

    func testWithoutBias() {
        let layer = withRandomSeed(1) { Linear(inFeatures: 3, outFeatures: 2, bias: false) }
        XCTAssertNil(layer.bias)
        XCTAssertEqual(layer.namedParameters.map(\.path), ["weight"])
        var generator = SeededGenerator(seed: 6)
        let input = Tensor.randomNormal([4, 3], using: &generator)
        XCTAssertClose(layer(input), input.matmul(layer.weight, transposeOther: true), tolerance: 1e-6)
        XCTAssertGradientsMatch(at: [input, layer.weight]) { _ in layer(input) }
    }
}
