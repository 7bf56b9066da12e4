import KDData
import XCTest

final class FeatureMatrixTests: XCTestCase {
    func testDeltasMatchTheHTKRegressionByHand() {
        // One feature, frames 0, 1, 4, 9 (t²); window 1: d[t] = (c[t+1] - c[t-1]) / 2, ends repeated.
        let matrix = FeatureMatrix(frameCount: 4, featureCount: 1, values: [0, 1, 4, 9])
        let withDeltas = matrix.appendingDeltas(order: 2, window: 1)
        XCTAssertEqual(withDeltas.featureCount, 3)
        let deltas: [Float] = [0.5, 2, 4, 2.5]
        let deltaDeltas: [Float] = [0.75, 1.75, 0.25, -0.75]
        for t in 0..<4 {
            XCTAssertEqual(Array(withDeltas[t]), [matrix.values[t], deltas[t], deltaDeltas[t]])
        }
    }

    func testDeltaWindowTwoWeightsNeighboursByDistance() {
        // Window 2: d[t] = (1·(c[t+1]-c[t-1]) + 2·(c[t+2]-c[t-2])) / 10; on a line of slope 3 it is 3 inside.
        let line = FeatureMatrix(frameCount: 6, featureCount: 1, values: (0..<6).map { Float(3 * $0) })
        let deltas = line.appendingDeltas(order: 1, window: 2)
        XCTAssertEqual(deltas[2][deltas[2].startIndex + 1], 3)
        XCTAssertEqual(deltas[3][deltas[3].startIndex + 1], 3)
        XCTAssertEqual(deltas[0][deltas[0].startIndex + 1], (1 * 3 + 2 * 6) / 10)
    }

    func testFittingPadsWithZerosAndCrops() {
        let matrix = FeatureMatrix(frameCount: 2, featureCount: 2, values: [1, 2, 3, 4])
        XCTAssertEqual(matrix.fitted(toFrameCount: 3).values, [1, 2, 3, 4, 0, 0])
        XCTAssertEqual(matrix.fitted(toFrameCount: 1).values, [1, 2])
        XCTAssertEqual(matrix.fitted(toFrameCount: 4, padding: [7, 8]).values, [1, 2, 3, 4, 7, 8, 7, 8])
    }

    func testStatisticsIgnorePaddingAndNormaliseToZeroMeanUnitVariance() {
        let a = FeatureMatrix(frameCount: 3, featureCount: 2, values: [1, 10, 3, 10, 99, 99])
        let b = FeatureMatrix(frameCount: 1, featureCount: 2, values: [5, 10])
        let statistics = FeatureStatistics(of: [a, b], lengths: [2, 1])
        XCTAssertEqual(statistics.mean, [3, 10])
        XCTAssertEqual(statistics.standardDeviation[0], (8.0 / 3).squareRoot(), accuracy: 1e-6)
        XCTAssertEqual(statistics.standardDeviation[1], FeatureStatistics.minimumDeviation)

        var normalised = a
        statistics.normalise(&normalised, length: 2)
        XCTAssertEqual(normalised.values[0], -2 / (8.0 / 3).squareRoot(), accuracy: 1e-6)
        XCTAssertEqual(normalised.values[1], 0)
        XCTAssertEqual(Array(normalised[2]), [99, 99], "padding frames stay as they were")
    }

    func testUtteranceNormalisationGivesZeroMeanPerFeature() throws {
        var configuration = FeatureConfiguration()
        configuration.normalisation = .utterance
        let features = try FeatureExtractor(configuration: configuration)
            .features(of: TestAudio.sine(frequency: 300, rate: 16_000, seconds: 0.2))
        for feature in [0, 17, 39] {
            let column = (0..<features.frameCount).map { features.values[$0 * 40 + feature] }
            XCTAssertEqual(column.reduce(0, +) / Float(column.count), 0, accuracy: 1e-4)
        }
    }
}
