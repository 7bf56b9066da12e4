import KDLayers
import KDTensor
import KDTestSupport
import XCTest

final class BatchNormLayerTests: XCTestCase {
    private let input: Tensor = {
        var generator = SeededGenerator(seed: 1)
        return Tensor.randomNormal([4, 3, 2, 2], mean: 2, std: 3, using: &generator)
    }()

    /// Per channel: the mean and biased variance over batch and space.
    private func channelStatistics(_ x: Tensor) -> [(mean: Float, variance: Float)] {
        (0..<x.shape[1]).map { c in
            var values: [Float] = []
            for n in 0..<x.shape[0] { for i in 0..<x.shape[2] { for j in 0..<x.shape[3] { values.append(x[n, c, i, j]) } } }
            let mean = values.reduce(0, +) / Float(values.count)
            return (mean, values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(values.count))
        }
    }

    func testStateUsesPyTorchNamesAndDefaults() {
        let norm = BatchNorm2d(features: 3)
        XCTAssertEqual(norm.stateDict().map(\.path), ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"])
        XCTAssertEqual(norm.namedParameters.map(\.path), ["weight", "bias"])
        XCTAssertEqual(norm.weight!.scalars, [1, 1, 1])
        XCTAssertEqual(norm.runningVar.scalars, [1, 1, 1])
        XCTAssertEqual(norm.numBatchesTracked.shape, [])
        XCTAssertEqual(BatchNorm1d(features: 2, affine: false).stateDict().map(\.path),
                       ["running_mean", "running_var", "num_batches_tracked"])
    }

    func testTrainingNormalisesWithBatchStatisticsAndUpdatesRunningOnes() {
        let norm = BatchNorm2d(features: 3, momentum: 0.25)
        let output = norm(input)
        for (c, statistics) in channelStatistics(output).enumerated() {
            XCTAssertEqual(statistics.mean, 0, accuracy: 1e-5)
            XCTAssertEqual(statistics.variance, 1, accuracy: 1e-3)
            let batch = channelStatistics(input)[c]
            XCTAssertEqual(norm.runningMean.scalars[c], 0.25 * batch.mean, accuracy: 1e-5)
            XCTAssertEqual(norm.runningVar.scalars[c], 0.75 + 0.25 * batch.variance * 16 / 15, accuracy: 1e-4, "unbiased variance")
        }
        XCTAssertEqual(norm.numBatchesTracked.item, 1)
    }

    func testEvaluationUsesRunningStatisticsAndLeavesThemAlone() {
        let norm = BatchNorm2d(features: 3)
        norm.runningMean.assign(Tensor(shape: [3], [1, -1, 0.5]))
        norm.runningVar.assign(Tensor(shape: [3], [4, 0.25, 1]))
        norm.weight!.assign(Tensor(shape: [3], [2, 1, 1]))
        norm.bias!.assign(Tensor(shape: [3], [0, 0, 3]))
        norm.eval()
        let output = norm(input)
        let scale: [Float] = [2 / (4 + 1e-5).squareRoot(), 1 / (0.25 + 1e-5).squareRoot(), 1 / (1 + 1e-5).squareRoot()]
        let mean: [Float] = [1, -1, 0.5], shift: [Float] = [0, 0, 3]
        XCTAssertEqual(output[1, 0, 1, 0], (input[1, 0, 1, 0] - mean[0]) * scale[0] + shift[0], accuracy: 1e-5)
        XCTAssertEqual(output[2, 1, 0, 1], (input[2, 1, 0, 1] - mean[1]) * scale[1] + shift[1], accuracy: 1e-5)
        XCTAssertEqual(output[3, 2, 1, 1], (input[3, 2, 1, 1] - mean[2]) * scale[2] + shift[2], accuracy: 1e-5)
        XCTAssertEqual(norm.runningMean.scalars, [1, -1, 0.5])
        XCTAssertEqual(norm.numBatchesTracked.item, 0)
    }

    func testGradientsMatchFiniteDifferencesInBothModes() {
        let norm = BatchNorm2d(features: 3)
        norm.weight!.assign(Tensor(shape: [3], [1.5, 0.5, -1]))
        XCTAssertGradientsMatch(at: [input.copy(), norm.weight!, norm.bias!], epsilon: 1e-2, tolerance: 2e-2) { inputs in
            norm(inputs[0])
        }
        norm.eval()
        XCTAssertGradientsMatch(at: [input.copy(), norm.weight!, norm.bias!]) { inputs in norm(inputs[0]) }
    }

    func testBatchNorm1dOnFeaturesAndSequences() {
        var generator = SeededGenerator(seed: 2)
        let features = Tensor.randomNormal([5, 2], using: &generator)
        let norm = BatchNorm1d(features: 2)
        XCTAssertEqual(norm(features).shape, [5, 2])
        XCTAssertEqual(norm(Tensor.randomNormal([3, 2, 4], using: &generator)).shape, [3, 2, 4])
        XCTAssertEqual(norm.numBatchesTracked.item, 2)
        XCTAssertGradientsMatch(at: [features, norm.weight!], tolerance: 2e-2) { inputs in norm(inputs[0]) }
    }
}
