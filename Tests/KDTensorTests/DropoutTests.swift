import KDTensor
import KDTestSupport
import XCTest

final class DropoutTests: XCTestCase {
    func testSameSeedSameMask() {
        let x = Tensor.ones([64])
        var a = SeededGenerator(seed: 1), b = SeededGenerator(seed: 1), c = SeededGenerator(seed: 2)
        let first = x.dropout(probability: 0.5, using: &a)
        XCTAssertEqual(first.scalars, x.dropout(probability: 0.5, using: &b).scalars)
        XCTAssertNotEqual(first.scalars, x.dropout(probability: 0.5, using: &c).scalars)
    }

    func testKeepsMeanAndDropsTheRightFraction() {
        var generator = SeededGenerator(seed: 3)
        let y = Tensor.ones([100_000]).dropout(probability: 0.3, using: &generator)
        // The mean's standard error is sqrt(p / (1 - p) / n) ≈ 0.002.
        XCTAssertEqual(y.mean().item, 1, accuracy: 0.01)
        let dropped = y.scalars.filter { $0 == 0 }.count
        XCTAssertEqual(Double(dropped) / 100_000, 0.3, accuracy: 0.01)
        XCTAssertTrue(y.scalars.allSatisfy { $0 == 0 || abs($0 - 1 / 0.7) < 1e-6 })
    }

    func testGradientIsTheScaledMask() {
        var generator = SeededGenerator(seed: 4)
        let x = Tensor.ones([50], requiresGrad: true)
        let y = x.dropout(probability: 0.4, using: &generator)
        let seed = Tensor(shape: [50], (0..<50).map(Float.init))
        y.backward(seed)
        // With x = 1 the output is the mask / (1 - p) itself.
        XCTAssertEqual(x.grad!.scalars, zip(y.scalars, seed.scalars).map { $0 * $1 })
        XCTAssertGradientsMatch(at: [Tensor.randomUniform([20], using: &generator)]) {
            var fixed = SeededGenerator(seed: 5)
            return $0[0].dropout(probability: 0.4, using: &fixed)
        }
    }

    func testExtremeProbabilities() {
        var generator = SeededGenerator(seed: 6)
        let x = Tensor(shape: [4], [1, -2, 3, 4])
        XCTAssertEqual(x.dropout(probability: 0, using: &generator).scalars, x.scalars)
        XCTAssertEqual(x.dropout(probability: 1, using: &generator).scalars, [0, 0, 0, 0])
    }
}
