import KDLayers
import KDTensor
import KDZoo
@testable import ResNetPlugin
import XCTest

final class ResNetTests: XCTestCase {
    private let cifar = try! InputSpec(parsing: "3x32x32")

    private func paths(_ variant: String) throws -> Set<String> {
        Set(try ResNetArchitecture().makeNetwork(variant: variant, input: cifar, classes: 100).stateDict().map(\.path))
    }

    /// `resnet.py` projects the shortcut (`downsample`) only where width or stride change;
    /// `resnetv2.py` calls it `shortcut` and the classifier `linear`.
    func testStateDictNamesFollowRepDistiller() throws {
        let resnet8 = try paths("8")
        XCTAssertFalse(resnet8.contains("layer1.0.downsample.0.weight"), "16 -> 16 channels at stride 1 needs no projection")
        XCTAssertTrue(resnet8.isSuperset(of: ["conv1.weight", "bn1.running_var", "layer1.0.conv2.weight", "layer2.0.downsample.0.weight",
                                              "layer3.0.downsample.1.num_batches_tracked", "fc.weight", "fc.bias"]))
        XCTAssertEqual(resnet8.count, (1 + 5) + 3 * (1 + 5 + 1 + 5) + 2 * (1 + 5) + 2)
        XCTAssertTrue(try paths("8x4").contains("layer1.0.downsample.0.weight"), "the 4x stem has 32 channels, stage 1 has 64")
        let resnet18 = try paths("18")
        XCTAssertTrue(resnet18.isSuperset(of: ["layer4.1.bn2.weight", "layer2.0.shortcut.0.weight", "linear.weight"]))
        XCTAssertFalse(resnet18.contains("fc.weight"))
    }

    func testAcceptsAnyCIFARDepthOfTheForm6nPlus2() {
        let resnet = ResNetArchitecture()
        for good in ["26", "1202", "14x4", "18", "34"] { XCTAssertEqual(resnet.canonicalVariant(good), good) }
        for bad in ["21", "8x2", "x4", "52", "08"] { XCTAssertNil(resnet.canonicalVariant(bad), bad) }
    }

    /// Stage taps come after the block's final ReLU.
    func testTapsArePostActivationStageOutputs() throws {
        let network = try withRandomSeed(1) { try ResNetArchitecture().makeNetwork(variant: "8", input: cifar, classes: 10) }
        var generator = SeededGenerator(seed: 1)
        let output = noGrad { network.forward(Tensor.randomNormal([2, 3, 32, 32], using: &generator)) }
        XCTAssertEqual(output.taps.stages.map(\.tensor.shape), [[2, 16, 32, 32], [2, 32, 16, 16], [2, 64, 8, 8]])
        for (name, tap) in output.taps where name != "logits" { XCTAssertGreaterThanOrEqual(tap.scalars.min()!, 0, name) }
    }

    /// The ImageNet-style family keeps a 3x3 stride-1 stem up to 64 pixels and switches to 7x7 stride 2 plus max-pool above.
    func testImageNetStyleStemAdaptsToInputSize() throws {
        let tiny = ResidualNetwork.Configuration(stemWidth: 4, stageWidths: [4, 8], blocksPerStage: [1, 1], shortcutName: "shortcut",
                                                 classifierName: "linear", adaptsStemToInputSize: true)
        for (side, kernel, stage1Side) in [(64, 3, 64), (96, 7, 24)] {
            let input = try InputSpec(parsing: "3x\(side)x\(side)")
            let network = ResidualNetwork(tiny, input: input, classes: 10)
            XCTAssertEqual(network.conv1.weight.shape, [4, 3, kernel, kernel])
            let output = noGrad { network.forward(Tensor.zeros([1, 3, side, side])) }
            XCTAssertEqual(output.taps["stage1"]?.shape, [1, 4, stage1Side, stage1Side])
        }
    }
}
