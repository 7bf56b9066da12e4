import KDTensor
import KDTestSupport
import XCTest

final class AvgPool2dTests: XCTestCase {
    var generator = SeededGenerator(seed: 9)

    func random(_ shape: [Int]) -> Tensor {
        Tensor.randomUniform(shape, low: -1, high: 1, using: &generator)
    }

    let grid = Tensor(shape: [1, 1, 4, 4], (0..<16).map(Float.init))

    func testValuesWithDefaultStride() {
        XCTAssertEqual(grid.avgPool2d(kernelSize: 2).scalars, [2.5, 4.5, 10.5, 12.5])
    }

    func testPaddingInAndOutOfTheDivisor() {
        // 3x3 windows at stride 2 with padding 1: the corner windows hold 4, 6, 6 and 9 real inputs.
        let included = grid.avgPool2d(kernelSize: 3, stride: 2, padding: 1)
        XCTAssertClose(included, Tensor(shape: [1, 1, 2, 2], [10 / 9, 24 / 9, 51 / 9, 90 / 9]))
        let excluded = grid.avgPool2d(kernelSize: 3, stride: 2, padding: 1, countIncludePad: false)
        XCTAssertClose(excluded, Tensor(shape: [1, 1, 2, 2], [10 / 4, 24 / 6, 51 / 6, 90 / 9]))
    }

    func testAdaptiveBinsOverlapWhenSizesDoNotDivide() {
        // Rows 5 -> 3 bins: [0,2) [1,4) [3,5); columns 3 -> 2 bins: [0,2) [1,3).
        let x = Tensor(shape: [1, 1, 5, 3], (0..<15).map(Float.init))
        XCTAssertClose(x.adaptiveAvgPool2d(outputSize: Size2D(3, 2)),
                       Tensor(shape: [1, 1, 3, 2], [2, 3, 6.5, 7.5, 11, 12]))
    }

    func testAdaptiveToOneIsGlobalMean() {
        let x = random([2, 3, 4, 5])
        XCTAssertClose(x.adaptiveAvgPool2d(outputSize: 1).reshaped(to: [2, 3]), x.mean(alongAxes: [2, 3]), tolerance: 1e-6)
    }

    func testAdaptiveUpsamplingRepeatsInputs() {
        let x = Tensor(shape: [1, 1, 1, 2], [1, 2])
        XCTAssertEqual(x.adaptiveAvgPool2d(outputSize: Size2D(2, 4)).scalars, [1, 1, 2, 2, 1, 1, 2, 2])
    }

    func testGradients() {
        XCTAssertGradientsMatch(at: [random([2, 3, 4, 6])]) { $0[0].avgPool2d(kernelSize: 2) }
        for include in [true, false] {
            XCTAssertGradientsMatch(at: [random([2, 2, 5, 6])]) {
                $0[0].avgPool2d(kernelSize: 3, stride: Size2D(2, 1), padding: 1, countIncludePad: include)
            }
        }
        XCTAssertGradientsMatch(at: [random([2, 2, 5, 7])]) { $0[0].adaptiveAvgPool2d(outputSize: Size2D(3, 4)) }
    }
}
