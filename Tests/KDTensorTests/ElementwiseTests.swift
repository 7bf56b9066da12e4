import KDTensor
import KDTestSupport
import XCTest

final class ElementwiseTests: XCTestCase {
    var generator = SeededGenerator(seed: 1)

    func random(_ shape: [Int], low: Float = -1, high: Float = 1) -> Tensor {
        Tensor.randomUniform(shape, low: low, high: high, using: &generator)
    }

    func testBroadcastAddValues() {
        let a = Tensor(shape: [2, 3], [1, 2, 3, 4, 5, 6])
        let b = Tensor(shape: [3], [10, 20, 30])
        XCTAssertEqual((a + b).scalars, [11, 22, 33, 14, 25, 36])
        let c = Tensor(shape: [2, 1], [100, 200])
        XCTAssertEqual((a + c).scalars, [101, 102, 103, 204, 205, 206])
    }

    func testBinaryOpGradientsWithBroadcasting() {
        let shapes: [([Int], [Int])] = [([2, 3], [2, 3]), ([2, 3, 4], [3, 1]), ([4], [2, 3, 4]), ([2, 1, 4], [1, 3, 1]), ([3], [])]
        for (sa, sb) in shapes {
            XCTAssertGradientsMatch(at: [random(sa), random(sb)]) { $0[0] + $0[1] }
            XCTAssertGradientsMatch(at: [random(sa), random(sb)]) { $0[0] - $0[1] }
            XCTAssertGradientsMatch(at: [random(sa), random(sb)]) { $0[0] * $0[1] }
            XCTAssertGradientsMatch(at: [random(sa), random(sb, low: 0.5, high: 2)], tolerance: 2e-2) { $0[0] / $0[1] }
        }
    }

    func testScalarOpGradients() {
        XCTAssertGradientsMatch(at: [random([3, 4])]) { ($0[0] * 3 + 2 - 1) / 4 }
        XCTAssertGradientsMatch(at: [random([3, 4])]) { 1 - (-$0[0]) }
    }

    func testUnaryGradients() {
        let x = { self.random([3, 5]) }
        // Keep inputs away from kinks so central differences are meaningful.
        let awayFromZero = { self.random([3, 5], low: 0.2, high: 2) }
        XCTAssertGradientsMatch(at: [x()]) { $0[0].exp() }
        XCTAssertGradientsMatch(at: [awayFromZero()]) { $0[0].log() }
        XCTAssertGradientsMatch(at: [awayFromZero()]) { $0[0].sqrt() }
        XCTAssertGradientsMatch(at: [awayFromZero()]) { $0[0].pow(2.5) }
        XCTAssertGradientsMatch(at: [x()]) { $0[0].squared() }
        XCTAssertGradientsMatch(at: [awayFromZero()]) { $0[0].abs() }
        XCTAssertGradientsMatch(at: [awayFromZero()]) { $0[0].relu() }
        XCTAssertGradientsMatch(at: [awayFromZero() * 2]) { $0[0].relu6() }
        XCTAssertGradientsMatch(at: [-awayFromZero()]) { $0[0].leakyRelu(negativeSlope: 0.1) }
        XCTAssertGradientsMatch(at: [x()]) { $0[0].sigmoid() }
        XCTAssertGradientsMatch(at: [x()]) { $0[0].tanh() }
        XCTAssertGradientsMatch(at: [x()]) { $0[0].gelu() }
        XCTAssertGradientsMatch(at: [Tensor(shape: [4], [-2, -0.3, 0.4, 2])]) { $0[0].clamped(min: -1, max: 1) }
    }

    func testActivationValues() {
        let x = Tensor(shape: [4], [-2, -0.5, 3, 7])
        XCTAssertEqual(x.relu().scalars, [0, 0, 3, 7])
        XCTAssertEqual(x.relu6().scalars, [0, 0, 3, 6])
        XCTAssertEqual(x.gelu().scalars[2], 2.99595, accuracy: 1e-4)
        XCTAssertEqual(x.sigmoid().scalars[0], 0.1192029, accuracy: 1e-6)
    }

    func testClippedActivationGradientsMatchReference() {
        // 19 elements: the eight-wide mask path and the scalar tail; the kinks themselves
        // (0 and 6) get no gradient, as in PyTorch.
        let values: [Float] = [-3, 0, 0.5, 6, 7, -0.1, 5.9, 6.1, 2, 0, -8, 3, 6, 1e-3, -1e-3, 0, 6, 4, -2]
        let upstream = (0..<values.count).map { Float($0 + 1) }
        for (name, high) in [("relu", Float.infinity), ("relu6", 6)] {
            let x = Tensor(shape: [values.count], values, requiresGrad: true)
            let y = high == 6 ? x.relu6() : x.relu()
            y.backward(Tensor(shape: [values.count], upstream))
            XCTAssertEqual(y.scalars, values.map { min(max($0, 0), high) }, name)
            XCTAssertEqual(x.grad?.scalars, zip(values, upstream).map { $0 > 0 && $0 < high ? $1 : 0 }, name)
        }
    }

    func testSelectRoutesGradientByMask() {
        let mask = Tensor(shape: [4], [1, 0, 1, 0])
        XCTAssertGradientsMatch(at: [random([4]), random([4])]) { Tensor.select(where: mask, $0[0], $0[1]) }
        XCTAssertEqual(Tensor.select(where: mask, Tensor(shape: [4], [1, 2, 3, 4]), Tensor.zeros([4])).scalars, [1, 0, 3, 0])
    }

    func testGradientsAccumulateAcrossUses() {
        let x = Tensor(shape: [2], [1, 2], requiresGrad: true)
        let y = (x * x + x * 3).sum()
        y.backward(retainingGraph: true)
        XCTAssertEqual(x.grad?.scalars, [5, 7])
        y.backward()
        XCTAssertEqual(x.grad?.scalars, [10, 14])
    }

    func testNoGradRecordsNothing() {
        let x = Tensor(shape: [2], [1, 2], requiresGrad: true)
        let y = noGrad { x * 2 }
        XCTAssertFalse(y.requiresGrad)
        XCTAssertNil(y.gradFn)
        XCTAssertTrue(GradMode.isEnabled)
    }
}
