import KDLayers
import KDTensor
import XCTest

final class GradientClippingTests: XCTestCase {
    private func parameters() -> [Tensor] {
        let a = Tensor(shape: [2], [0, 0], requiresGrad: true), b = Tensor(shape: [1], [0], requiresGrad: true)
        let untouched = Tensor(shape: [1], [0], requiresGrad: true)
        a.grad = Tensor(shape: [2], [3, 4])
        b.grad = Tensor(shape: [1], [12])
        return [a, b, untouched]
    }

    func testScalesToTheMaximumGlobalNorm() {
        let tensors = parameters()
        XCTAssertEqual(clipGradientNorm(tensors, maxNorm: 6.5), 13, accuracy: 1e-5)
        XCTAssertEqual(tensors[0].grad!.scalars[0], 1.5, accuracy: 1e-5)
        XCTAssertEqual(tensors[0].grad!.scalars[1], 2, accuracy: 1e-5)
        XCTAssertEqual(tensors[1].grad!.scalars[0], 6, accuracy: 1e-5)
        XCTAssertNil(tensors[2].grad)
    }

    func testLeavesSmallGradientsAlone() {
        let tensors = parameters()
        XCTAssertEqual(clipGradientNorm(tensors, maxNorm: 20), 13, accuracy: 1e-5)
        XCTAssertEqual(tensors[0].grad!.scalars, [3, 4])
    }
}
