import KDLayers
import KDTensor
import KDZoo
import MLPPlugin
import XCTest

final class MLPTests: XCTestCase {
    private let mnist = try! InputSpec(.flat, shape: [784])

    /// Hinton et al. (2015): 784-1200-1200-10 and 784-800-800-10.
    func testHintonPairSizes() throws {
        let mlp = MLPArchitecture()
        let teacher = try mlp.makeNetwork(variant: "1200-1200-dropout", input: mnist, classes: 10)
        XCTAssertEqual(teacher.parameterCount, 784 * 1200 + 1200 + 1200 * 1200 + 1200 + 1200 * 10 + 10)
        let student = try mlp.makeNetwork(variant: "800-800", input: mnist, classes: 10)
        XCTAssertEqual(student.parameterCount, 784 * 800 + 800 + 800 * 800 + 800 + 800 * 10 + 10)
        XCTAssertEqual(student.stateDict().map(\.path), ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "fc3.weight", "fc3.bias"])
    }

    func testDropoutOnlyInTheDropoutVariantAndOnlyWhileTraining() throws {
        var generator = SeededGenerator(seed: 1)
        let batch = Tensor.randomNormal([2, 784], using: &generator)
        for (variant, stochastic) in [("16-16-dropout", true), ("16-16", false)] {
            let network = try MLPArchitecture().makeNetwork(variant: variant, input: mnist, classes: 10)
            network.train()
            let first = noGrad { network.forward(batch).logits.scalars }
            XCTAssertEqual(first != noGrad { network.forward(batch).logits.scalars }, stochastic, variant)
            network.eval()
            XCTAssertEqual(noGrad { network.forward(batch).logits.scalars }, noGrad { network.forward(batch).logits.scalars })
        }
    }

    func testVariantSpelling() {
        let mlp = MLPArchitecture()
        XCTAssertEqual(mlp.canonicalVariant("256-128"), "256-128")
        XCTAssertEqual(mlp.canonicalVariant("0256-128-dropout"), "256-128-dropout")
        for bad in ["dropout", "12-a", "0-10", "", "12--12"] { XCTAssertNil(mlp.canonicalVariant(bad), bad) }
    }
}
