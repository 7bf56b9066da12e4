import KDTensor
import KDTestSupport
import XCTest

final class BatchNormTests: XCTestCase {
    var generator = SeededGenerator(seed: 11)

    func random(_ shape: [Int], low: Float = -1, high: Float = 1) -> Tensor {
        Tensor.randomUniform(shape, low: low, high: high, using: &generator)
    }

    // Channel 0: 1 3 5 7 (mean 4, biased variance 5, unbiased 20/3).
    // Channel 1: 2 4 0 2 (mean 2, biased variance 2, unbiased 8/3).
    let x = Tensor(shape: [4, 2], [1, 2, 3, 4, 5, 0, 7, 2])

    func testTrainingUpdatesRunningStatisticsInPlace() {
        let runningMean = Tensor(shape: [2], [0, 1]), runningVariance = Tensor(shape: [2], [1, 1])
        _ = x.batchNorm(weight: nil, bias: nil, runningMean: runningMean, runningVariance: runningVariance,
                        training: true, momentum: 0.1)
        XCTAssertClose(runningMean, Tensor(shape: [2], [0.4, 1.1]))
        XCTAssertClose(runningVariance, Tensor(shape: [2], [0.9 + 2.0 / 3, 0.9 + 0.8 / 3]))
    }

    func testTrainingNormalisesWithBatchStatistics() {
        let y = x.batchNorm(weight: Tensor(shape: [2], [2, 1]), bias: Tensor(shape: [2], [0.5, 0]),
                            runningMean: .zeros([2]), runningVariance: .ones([2]), training: true, epsilon: 1e-5)
        let s0 = (5 + Float(1e-5)).squareRoot(), s1 = (2 + Float(1e-5)).squareRoot()
        XCTAssertClose(y, Tensor(shape: [4, 2], [2 * -3 / s0 + 0.5, 0, 2 * -1 / s0 + 0.5, 2 / s1,
                                                 2 * 1 / s0 + 0.5, -2 / s1, 2 * 3 / s0 + 0.5, 0]))
    }

    func testEvaluationUsesRunningStatisticsAndLeavesThemAlone() {
        let runningMean = Tensor(shape: [2], [1, -1]), runningVariance = Tensor(shape: [2], [4, 0.25])
        let y = x.batchNorm(weight: Tensor(shape: [2], [3, 1]), bias: nil, runningMean: runningMean,
                            runningVariance: runningVariance, training: false, epsilon: 0)
        XCTAssertClose(y, Tensor(shape: [4, 2], [0, 6, 3, 10, 6, 2, 9, 6]))
        XCTAssertEqual(runningMean.scalars, [1, -1])
        XCTAssertEqual(runningVariance.scalars, [4, 0.25])
    }

    func testImagesMatchComposedOps() {
        // 15 elements per plane: the vectorised sums' eight-wide and tail paths both run.
        let images = random([3, 2, 3, 5])
        let weight = random([2]), bias = random([2])
        let runningMean = Tensor.zeros([2]), runningVariance = Tensor.ones([2])
        let y = images.batchNorm(weight: weight, bias: bias, runningMean: runningMean, runningVariance: runningVariance,
                                 training: true, momentum: 0.5)
        let mean = images.mean(alongAxes: [0, 2, 3], keepingDims: true)
        let variance = (images - mean).squared().mean(alongAxes: [0, 2, 3], keepingDims: true)
        let expected = (images - mean) / (variance + 1e-5).sqrt() * weight.reshaped(to: [1, 2, 1, 1])
            + bias.reshaped(to: [1, 2, 1, 1])
        XCTAssertClose(y, expected, tolerance: 1e-5)
        XCTAssertClose(runningMean, mean.reshaped(to: [2]) * 0.5, tolerance: 1e-6)
        XCTAssertClose(runningVariance, variance.reshaped(to: [2]) * (0.5 * 45 / 44) + 0.5, tolerance: 1e-6)
    }

    func testStatisticsStayAccurateFarFromZero() {
        // A mean of 1000 against a spread of 0.1: E[x²] - E[x]² in Float would cancel away.
        let x = random([4, 3, 5, 7], low: -0.1, high: 0.1) + 1000
        let runningMean = Tensor.zeros([3]), runningVariance = Tensor.zeros([3])
        _ = x.batchNorm(weight: nil, bias: nil, runningMean: runningMean, runningVariance: runningVariance,
                        training: true, momentum: 1)
        for c in 0..<3 {
            let values = (0..<4).flatMap { n in (0..<35).map { Double(x.scalars[(n * 3 + c) * 35 + $0]) } }
            let mean = values.reduce(0, +) / 140
            let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 139
            XCTAssertEqual(Double(runningMean.scalars[c]), mean, accuracy: 1e-4)
            XCTAssertEqual(Double(runningVariance.scalars[c]), variance, accuracy: variance * 1e-4)
        }
    }

    func testTrainingGradientsMatchComposedOps() {
        // 35 elements per plane: vector and tail paths of the fused backward sums and update.
        let images = random([3, 2, 5, 7]), weight = random([2]), bias = random([2]), upstream = random([3, 2, 5, 7])
        for tensor in [images, weight, bias] { tensor.requiresGrad = true }
        images.batchNorm(weight: weight, bias: bias, runningMean: .zeros([2]), runningVariance: .ones([2]), training: true)
            .backward(upstream)
        let fused = [images, weight, bias].map { $0.grad! }
        for tensor in [images, weight, bias] { tensor.zeroGrad() }
        let mean = images.mean(alongAxes: [0, 2, 3], keepingDims: true)
        let variance = (images - mean).squared().mean(alongAxes: [0, 2, 3], keepingDims: true)
        let composed = (images - mean) / (variance + 1e-5).sqrt() * weight.reshaped(to: [1, 2, 1, 1])
            + bias.reshaped(to: [1, 2, 1, 1])
        composed.backward(upstream)
        for (tensor, fusedGradient) in zip([images, weight, bias], fused) {
            XCTAssertClose(fusedGradient, tensor.grad!, tolerance: 1e-4)
        }
    }

    func testGradientsTraining() {
        let stats = { (Tensor.zeros([3]), Tensor.ones([3])) }
        let (mean2, variance2) = stats()
        XCTAssertGradientsMatch(at: [random([5, 3]), random([3]), random([3])], tolerance: 2e-2) {
            $0[0].batchNorm(weight: $0[1], bias: $0[2], runningMean: mean2, runningVariance: variance2, training: true)
        }
        let (mean4, variance4) = stats()
        XCTAssertGradientsMatch(at: [random([2, 3, 3, 4])], tolerance: 2e-2) {
            $0[0].batchNorm(weight: nil, bias: nil, runningMean: mean4, runningVariance: variance4, training: true)
        }
    }

    func testGradientsEvaluation() {
        let runningMean = random([3]), runningVariance = random([3], low: 0.5, high: 2)
        XCTAssertGradientsMatch(at: [random([2, 3, 2, 2]), random([3]), random([3])]) {
            $0[0].batchNorm(weight: $0[1], bias: $0[2], runningMean: runningMean, runningVariance: runningVariance,
                            training: false)
        }
        XCTAssertGradientsMatch(at: [random([4, 3])]) {
            $0[0].batchNorm(weight: nil, bias: nil, runningMean: runningMean, runningVariance: runningVariance,
                            training: false)
        }
    }

    func testResidualAndClampAreTheUnfusedSumAndReLU() {
        let images = random([3, 2, 3, 5]), residual = random([3, 2, 3, 5]), weight = random([2]), bias = random([2])
        let mean = Tensor.zeros([2]), variance = Tensor.ones([2])
        let fused = images.batchNorm(weight: weight, bias: bias, runningMean: mean.copy(), runningVariance: variance.copy(),
                                     training: true, adding: residual, outputClamp: .relu)
        let unfused = (images.batchNorm(weight: weight, bias: bias, runningMean: mean.copy(), runningVariance: variance.copy(),
                                        training: true) + residual).relu()
        XCTAssertEqual(fused.scalars, unfused.scalars)
        XCTAssertTrue(fused.scalars.contains(0) && fused.scalars.contains { $0 > 0 }, "the check needs both sides of the ReLU")
    }

    func testGradientsWithResidualAndClamp() {
        let (mean, variance) = (Tensor.zeros([3]), Tensor.ones([3]))
        XCTAssertGradientsMatch(at: [random([2, 3, 2, 3]), random([3]), random([3]), random([2, 3, 2, 3])], tolerance: 2e-2,
                                skippingKinks: true) {
            $0[0].batchNorm(weight: $0[1], bias: $0[2], runningMean: mean, runningVariance: variance, training: true,
                            adding: $0[3], outputClamp: .relu)
        }
    }
}
