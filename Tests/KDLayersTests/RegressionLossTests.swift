import KDLayers
import KDTensor
import KDTestSupport
import XCTest

final class RegressionLossTests: XCTestCase {
    // Differences: 0.5, -2, 0.25, 3 (away from the kinks at 0 and ±beta for the gradient check).
    private let prediction = Tensor(shape: [2, 2], [1.5, -1, 0.25, 4])
    private let target = Tensor(shape: [2, 2], [1, 1, 0, 1])

    func testHandComputedValues() {
        XCTAssertEqual(mseLoss(prediction: prediction, target: target).item, (0.25 + 4 + 0.0625 + 9) / 4, accuracy: 1e-6)
        XCTAssertEqual(l1Loss(prediction: prediction, target: target, reduction: .sum).item, 0.5 + 2 + 0.25 + 3, accuracy: 1e-6)
        // beta = 1: 0.5·0.25, 2 - 0.5, 0.5·0.0625, 3 - 0.5
        XCTAssertEqual(smoothL1Loss(prediction: prediction, target: target, reduction: .none).scalars,
                       [0.125, 1.5, 0.031_25, 2.5])
        XCTAssertEqual(smoothL1Loss(prediction: prediction, target: target, beta: 0, reduction: .sum).item, 5.75, accuracy: 1e-6)
    }

    func testGradientsMatchFiniteDifferences() {
        let losses: [(Tensor, Tensor) -> Tensor] = [
            { mseLoss(prediction: $0, target: $1) },
            { l1Loss(prediction: $0, target: $1, reduction: .sum) },
            { smoothL1Loss(prediction: $0, target: $1, beta: 1, reduction: .none) },
        ]
        for loss in losses {
            XCTAssertGradientsMatch(at: [prediction.copy(), target.copy()], epsilon: 1e-2) { inputs in loss(inputs[0], inputs[1]) }
        }
    }
}
