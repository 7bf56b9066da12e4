import KDLayers
import KDTensor
import KDTestSupport
import XCTest

final class CosineEmbeddingLossTests: XCTestCase {
    func testHandComputedValues() {
        // cos = 1 (same direction), 0 (orthogonal), -1 (opposite), 0.6
        let first = Tensor(shape: [4, 2], [1, 0, 1, 0, 2, 0, 3, 4])
        let second = Tensor(shape: [4, 2], [3, 0, 0, 5, -1, 0, 1, 0])
        let target = Tensor(shape: [4], [1, 1, -1, -1])
        let losses = cosineEmbeddingLoss(first, second, target: target, margin: 0.5, reduction: .none)
        XCTAssertClose(losses, Tensor(shape: [4], [0, 1, 0, 0.1]), tolerance: 1e-6)
        XCTAssertEqual(cosineEmbeddingLoss(first, second, target: target, margin: 0.5).item, 1.1 / 4, accuracy: 1e-6)
    }

    func testGradientsMatchFiniteDifferences() {
        var generator = SeededGenerator(seed: 3)
        let first = Tensor.randomNormal([4, 3], using: &generator)
        let second = Tensor.randomNormal([4, 3], using: &generator)
        let target = Tensor(shape: [4], [1, -1, 1, -1])
        XCTAssertGradientsMatch(at: [first, second], epsilon: 1e-3) { inputs in
            cosineEmbeddingLoss(inputs[0], inputs[1], target: target, margin: -1)
        }
    }
}
