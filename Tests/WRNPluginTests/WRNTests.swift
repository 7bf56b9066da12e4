import KDLayers
import KDTensor
import KDZoo
import WRNPlugin
import XCTest

final class WRNTests: XCTestCase {
    private let cifar = try! InputSpec(parsing: "3x32x32")

    /// RepDistiller's `wrn.py` module tree: conv1, block{1,2,3}.layer.{i}.{bn1, conv1, bn2, conv2,
    /// convShortcut when widths differ}, bn1, fc; batch-norm with PyTorch's five entries.
    func testStateDictNamesFollowRepDistiller() throws {
        let network = try WRNArchitecture().makeNetwork(variant: "16-2", input: cifar, classes: 100)
        func batchNorm(_ prefix: String) -> [String] {
            ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"].map { "\(prefix).\($0)" }
        }
        var expected = ["conv1.weight"]
        var width = 16
        for (stage, stageWidth) in [32, 64, 128].enumerated() {
            for block in 0..<2 {
                let prefix = "block\(stage + 1).layer.\(block)"
                expected += batchNorm("\(prefix).bn1") + ["\(prefix).conv1.weight"] + batchNorm("\(prefix).bn2") + ["\(prefix).conv2.weight"]
                if block == 0 && width != stageWidth { expected.append("\(prefix).convShortcut.weight") }
                width = stageWidth
            }
        }
        expected += batchNorm("bn1") + ["fc.weight", "fc.bias"]
        XCTAssertEqual(network.stateDict().map(\.path), expected)
    }

    func testAcceptsAnyDepthOfTheForm6nPlus4AndAnyWidth() {
        let wrn = WRNArchitecture()
        XCTAssertEqual(wrn.canonicalVariant("22-4"), "22-4")
        XCTAssertEqual(wrn.canonicalVariant("10-1"), "10-1")
        for bad in ["41-2", "40-0", "40", "4-1", "40-2-1", "a-2"] { XCTAssertNil(wrn.canonicalVariant(bad), bad) }
    }

    /// Stages at 32, 16, 8 pixels with 16k, 32k, 64k channels; stage taps are residual sums
    /// before any activation, so they take negative values.
    func testTapsArePreActivationStageOutputs() throws {
        let network = try withRandomSeed(1) { try WRNArchitecture().makeNetwork(variant: "10-2", input: cifar, classes: 10) }
        var generator = SeededGenerator(seed: 1)
        let output = noGrad { network.forward(Tensor.randomNormal([2, 3, 32, 32], using: &generator)) }
        XCTAssertEqual(output.taps.names, ["stem", "stage1", "stage2", "stage3", "embedding", "logits"])
        XCTAssertEqual(output.taps.stages.map(\.tensor.shape), [[2, 32, 32, 32], [2, 64, 16, 16], [2, 128, 8, 8]])
        XCTAssertEqual(output.taps["embedding"]?.shape, [2, 128])
        for (name, tap) in output.taps.stages { XCTAssertLessThan(tap.scalars.min()!, 0, name) }
    }
}
