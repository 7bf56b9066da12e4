import KDLayers
import KDTensor
import KDTestSupport
import XCTest

final class PoolingLayerTests: XCTestCase {
    private let input = Tensor(shape: [1, 1, 4, 4], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16])

    func testHandComputedValues() {
        XCTAssertEqual(MaxPool2d(kernelSize: 2)(input).scalars, [6, 8, 14, 16])
        XCTAssertEqual(AvgPool2d(kernelSize: 2)(input).scalars, [3.5, 5.5, 11.5, 13.5])
        XCTAssertEqual(MaxPool2d(kernelSize: 3, stride: 2, padding: 1)(input).scalars, [6, 8, 14, 16])
        // Corner window with padding 1: (1 + 2 + 5 + 6) over 9 including padding, over 4 without.
        XCTAssertEqual(AvgPool2d(kernelSize: 3, stride: 2, padding: 1)(input).scalars.first!, 14 / 9, accuracy: 1e-6)
        XCTAssertEqual(AvgPool2d(kernelSize: 3, stride: 2, padding: 1, countIncludePad: false)(input).scalars.first!, 3.5, accuracy: 1e-6)
        XCTAssertEqual(AdaptiveAvgPool2d(outputSize: 1)(input).scalars, [8.5])
        XCTAssertEqual(AdaptiveAvgPool2d(outputSize: 2)(input).shape, [1, 1, 2, 2])
    }

    func testGradientsMatchFiniteDifferences() {
        // Distinct values 0.05 apart, shuffled: no window has a near-tie for the maximum,
        // so finite differences never straddle a switch of the selected element.
        var generator = SeededGenerator(seed: 1)
        let x = Tensor(shape: [2, 2, 5, 5], (0..<100).map { Float($0) * 0.05 - 2.5 }.shuffled(using: &generator))
        let layers: [any Layer] = [MaxPool2d(kernelSize: 2), MaxPool2d(kernelSize: 3, stride: 2, padding: 1),
                                   AvgPool2d(kernelSize: 2, stride: 1), AvgPool2d(kernelSize: 3, stride: 2, padding: 1, countIncludePad: false),
                                   AdaptiveAvgPool2d(outputSize: Size2D(2, 3))]
        for layer in layers {
            XCTAssertGradientsMatch(at: [x.copy()], epsilon: 1e-2) { inputs in layer(inputs[0]) }
        }
    }
}
