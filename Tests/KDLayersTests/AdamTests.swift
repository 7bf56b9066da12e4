import KDLayers
import KDTensor
import XCTest

/// Adam and AdamW against PyTorch's update rule evaluated independently in double precision
/// (rounded to 6 digits) for three steps from p = [1, -2] with gradients [0.5, 1], [-1, 0.25],
/// [0.2, -0.4] and learning rate 0.1. Step 1 is checkable by eye: the bias-corrected update
/// is `0.1 · sign(g)`.
final class AdamTests: XCTestCase {
    private let gradients: [[Float]] = [[0.5, 1], [-1, 0.25], [0.2, -0.4]]

    func testAdam() {
        let trace = optimizerTrace(gradients: gradients) { Adam(parameters: [$0], learningRate: 0.1) }
        XCTAssertTracesClose(trace, [[0.9, -2.1], [0.93661, -2.18306], [0.953212, -2.219779]])
    }

    func testAdamFoldsWeightDecayIntoTheGradient() {
        let trace = optimizerTrace(gradients: gradients) { Adam(parameters: [$0], learningRate: 0.1, weightDecay: 0.1) }
        XCTAssertTracesClose(trace, [[0.9, -2.1], [0.925264, -2.17064], [0.927556, -2.174872]])
    }

    func testAdamWDecouplesWeightDecay() {
        let trace = optimizerTrace(gradients: gradients) { AdamW(parameters: [$0], learningRate: 0.1, weightDecay: 0.1) }
        XCTAssertTracesClose(trace, [[0.89, -2.08], [0.91771, -2.14226], [0.925135, -2.157556]])
    }

    func testEachParameterCountsItsOwnSteps() {
        let late = Tensor(shape: [2], [1, -2], requiresGrad: true)
        let adam = Adam(parameters: [Tensor(shape: [1], [0], requiresGrad: true), late], learningRate: 0.1)
        adam.step()  // no gradients yet: nothing moves, no state is created
        for gradient in gradients {
            late.grad = Tensor(shape: [2], gradient)
            adam.step()
        }
        XCTAssertEqual(adam.stepCount, 4)
        XCTAssertTracesClose([late.scalars], [[0.953212, -2.219779]])
    }
}
