import Foundation
import KDLayers
import KDTensor
import XCTest

final class InitializationTests: XCTestCase {
    func testSameSeedBuildsTheSameWeights() {
        let first = withRandomSeed(11) { Linear(inFeatures: 5, outFeatures: 4) }
        let second = withRandomSeed(11) { Linear(inFeatures: 5, outFeatures: 4) }
        let other = withRandomSeed(12) { Linear(inFeatures: 5, outFeatures: 4) }
        XCTAssertEqual(first.weight.scalars, second.weight.scalars)
        XCTAssertEqual(first.bias!.scalars, second.bias!.scalars)
        XCTAssertNotEqual(first.weight.scalars, other.weight.scalars)
    }

    func testNestedScopeRestoresTheOuterStream() {
        let (plainFirst, plainSecond) = withRandomSeed(3) { (Linear(inFeatures: 3, outFeatures: 3), Linear(inFeatures: 3, outFeatures: 3)) }
        let (nestedFirst, nestedSecond) = withRandomSeed(3) { () -> (Linear, Linear) in
            let first = Linear(inFeatures: 3, outFeatures: 3)
            _ = withRandomSeed(99) { Linear(inFeatures: 8, outFeatures: 8) }
            return (first, Linear(inFeatures: 3, outFeatures: 3))
        }
        XCTAssertEqual(plainFirst.weight.scalars, nestedFirst.weight.scalars)
        XCTAssertEqual(plainSecond.weight.scalars, nestedSecond.weight.scalars)
    }

    func testOutsideAnyScopeEachThreadStartsFromTheDefaultSeed() {
        final class Result: @unchecked Sendable { var weights: [Float] = [] }
        func buildOnNewThread() -> [Float] {
            let result = Result()
            let done = DispatchSemaphore(value: 0)
            Thread {
                result.weights = Linear(inFeatures: 4, outFeatures: 2).weight.scalars
                done.signal()
            }.start()
            done.wait()
            return result.weights
        }
        let expected = withRandomSeed(InitializationRandom.defaultSeed) { Linear(inFeatures: 4, outFeatures: 2) }.weight.scalars
        XCTAssertEqual(buildOnNewThread(), expected)
        XCTAssertEqual(buildOnNewThread(), expected)
    }

    func testLinearUsesPyTorchDefaultBounds() {
        let layer = withRandomSeed(5) { Linear(inFeatures: 16, outFeatures: 64) }
        let bound = 1 / Float(16).squareRoot()
        for values in [layer.weight.scalars, layer.bias!.scalars] {
            XCTAssertLessThanOrEqual(values.map(abs).max()!, bound)
        }
        // Uniform over ±bound: the largest of 1024 draws sits near the bound.
        XCTAssertGreaterThan(layer.weight.scalars.map(abs).max()!, 0.95 * bound)
    }

    func testKaimingNormalFanOutMatchesItsStandardDeviation() {
        let weight = Tensor.zeros([64, 16, 3, 3])
        withRandomSeed(8) { Init.kaimingNormal(weight, mode: .fanOut, nonlinearity: .relu) }
        let expected = Float(2).squareRoot() / Float(64 * 9).squareRoot()
        XCTAssertEqual(standardDeviation(weight.scalars), expected, accuracy: 0.03 * expected)
    }

    func testKaimingUniformAndXavierBounds() {
        let weight = Tensor.zeros([32, 50])
        withRandomSeed(2) { Init.kaimingUniform(weight, nonlinearity: .relu) }
        let kaimingBound = Float(2).squareRoot() * (3 / Float(50)).squareRoot()
        XCTAssertLessThanOrEqual(weight.scalars.map(abs).max()!, kaimingBound)
        XCTAssertGreaterThan(weight.scalars.map(abs).max()!, 0.95 * kaimingBound)

        withRandomSeed(2) { Init.xavierUniform(weight, gain: 2) }
        let xavierBound = 2 * (6 / Float(32 + 50)).squareRoot()
        XCTAssertLessThanOrEqual(weight.scalars.map(abs).max()!, xavierBound)
        XCTAssertGreaterThan(weight.scalars.map(abs).max()!, 0.95 * xavierBound)

        withRandomSeed(2) { Init.xavierNormal(weight) }
        XCTAssertEqual(standardDeviation(weight.scalars), (2 / Float(82)).squareRoot(), accuracy: 0.01)
    }

    func testGainsFollowCalculateGain() {
        XCTAssertEqual(Init.Nonlinearity.relu.gain, 1.4142135, accuracy: 1e-6)
        XCTAssertEqual(Init.Nonlinearity.tanh.gain, 5.0 / 3.0, accuracy: 1e-6)
        XCTAssertEqual(Init.Nonlinearity.leakyRelu(negativeSlope: Float(5).squareRoot()).gain, (1 / Float(3)).squareRoot(), accuracy: 1e-6)
        XCTAssertEqual(Init.fans(of: [8, 4, 3, 3]).fanIn, 36)
        XCTAssertEqual(Init.fans(of: [8, 4, 3, 3]).fanOut, 72)
    }

    private func standardDeviation(_ values: [Float]) -> Float {
        let mean = values.reduce(0, +) / Float(values.count)
        return (values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(values.count)).squareRoot()
    }
}
