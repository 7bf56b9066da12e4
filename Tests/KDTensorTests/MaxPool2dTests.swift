import KDTensor
import KDTestSupport
import XCTest

final class MaxPool2dTests: XCTestCase {
    /// `0, 0.1, 0.2, ...` in a seeded random order: no ties, and gaps wider than the
    /// finite-difference step, so the winner of every window is stable under perturbation.
    func distinct(_ shape: [Int], seed: UInt64 = 5) -> Tensor {
        var generator = SeededGenerator(seed: seed)
        let values = (0..<Shape.count(shape)).map { Float($0) * 0.1 }.shuffled(using: &generator)
        return Tensor(shape: shape, values)
    }

    func testValuesWithDefaultStride() {
        let x = Tensor(shape: [1, 1, 4, 4], (0..<16).map(Float.init))
        XCTAssertEqual(x.maxPool2d(kernelSize: 2).scalars, [5, 7, 13, 15])
        let wide = Tensor(shape: [1, 1, 2, 6], (0..<12).map(Float.init))
        let pooled = wide.maxPool2d(kernelSize: Size2D(2, 3))
        XCTAssertEqual(pooled.shape, [1, 1, 1, 2])
        XCTAssertEqual(pooled.scalars, [8, 11])
    }

    func testPaddingNeverWins() {
        // All inputs negative: a zero-padded window would report 0.
        let x = Tensor(shape: [1, 1, 4, 4], (0..<16).map { -Float($0) - 1 })
        let y = x.maxPool2d(kernelSize: 3, stride: 2, padding: 1)
        XCTAssertEqual(y.shape, [1, 1, 2, 2])
        XCTAssertEqual(y.scalars, [-1, -2, -5, -6])
    }

    func testNaNPropagates() {
        let x = Tensor(shape: [1, 1, 2, 4], [1, .nan, 3, 4, 5, 6, 7, 8])
        let y = x.maxPool2d(kernelSize: 2)
        XCTAssertTrue(y.scalars[0].isNaN)
        XCTAssertEqual(y.scalars[1], 8)
    }

    func testGradientGoesToWinner() {
        let x = Tensor(shape: [1, 1, 2, 2], [1, 4, 3, 2], requiresGrad: true)
        x.maxPool2d(kernelSize: 2).sum().backward()
        XCTAssertEqual(x.grad?.scalars, [0, 1, 0, 0])
    }

    func testGradients() {
        XCTAssertGradientsMatch(at: [distinct([2, 3, 5, 6])]) { $0[0].maxPool2d(kernelSize: 2) }
        XCTAssertGradientsMatch(at: [distinct([2, 2, 6, 5], seed: 6)]) {
            $0[0].maxPool2d(kernelSize: 3, stride: Size2D(2, 1), padding: 1)
        }
        // Overlapping windows: one input can win several of them.
        XCTAssertGradientsMatch(at: [distinct([1, 2, 5, 5], seed: 7)]) { $0[0].maxPool2d(kernelSize: 3, stride: 1) }
    }
}
