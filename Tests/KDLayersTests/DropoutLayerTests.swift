import KDLayers
import KDTensor
import KDTestSupport
import XCTest

final class DropoutLayerTests: XCTestCase {
    private let input = Tensor.ones([4, 250])

    func testTrainingDropsAndRescalesEvaluationPassesThrough() {
        let dropout = withRandomSeed(1) { Dropout(probability: 0.3) }
        let output = dropout(input).scalars
        let kept = output.filter { $0 != 0 }
        XCTAssertTrue(kept.allSatisfy { abs($0 - 1 / 0.7) < 1e-6 })
        XCTAssertEqual(Float(kept.count) / 1000, 0.7, accuracy: 0.05)
        dropout.eval()
        XCTAssertEqual(dropout(input).scalars, input.scalars)
    }

    func testMasksAreReproducibleFromTheSeed() {
        let first = withRandomSeed(5) { Dropout(probability: 0.5) }, second = withRandomSeed(5) { Dropout(probability: 0.5) }
        XCTAssertEqual(first(input).scalars, second(input).scalars)
        XCTAssertNotEqual(first(input).scalars, first(input).scalars, "each call draws a new mask")
    }

    func testGradientIsMaskedLikeTheOutput() {
        let dropout = withRandomSeed(2) { Dropout(probability: 0.5) }
        let x = Tensor.ones([2, 8], requiresGrad: true)
        let output = dropout(x)
        output.sum().backward()
        XCTAssertEqual(x.grad!.scalars, output.scalars)
    }
}
