import KDLayers
import KDTensor
import KDZoo
import MobileNetV2Plugin
import XCTest

final class MobileNetV2Tests: XCTestCase {
    private let cifar = try! InputSpec(parsing: "3x32x32")

    /// `mobilenetv2.py`: `conv1` and `conv2` are conv-BN-ReLU sequences, `blocks.g.b.conv` the
    /// eight-layer inverted residual (the expansion conv kept even at expansion 1), `classifier.0`.
    func testStateDictNamesAndShapesFollowRepDistiller() throws {
        let network = try MobileNetV2Architecture().makeNetwork(variant: "0.5", input: cifar, classes: 100)
        let shapes = Dictionary(uniqueKeysWithValues: network.stateDict().map { ($0.path, $0.tensor.shape) })
        XCTAssertEqual(shapes["conv1.0.weight"], [16, 3, 3, 3])
        XCTAssertEqual(shapes["blocks.0.0.conv.0.weight"], [16, 16, 1, 1])
        XCTAssertEqual(shapes["blocks.1.0.conv.3.weight"], [48, 1, 3, 3], "depthwise over 8 x 6 channels")
        XCTAssertEqual(shapes["blocks.6.0.conv.7.running_var"], [160])
        XCTAssertEqual(shapes["conv2.0.weight"], [1280, 160, 1, 1])
        XCTAssertEqual(shapes["classifier.0.weight"], [100, 1280])
        XCTAssertEqual(network.stateDict().count, 6 + 17 * (3 + 3 * 5) + 6 + 2)
    }

    func testWidthMultipliersAreSpelledCanonically() {
        let mobilenet = MobileNetV2Architecture()
        XCTAssertEqual(mobilenet.canonicalVariant("1"), "1.0")
        XCTAssertEqual(mobilenet.canonicalVariant(".5"), "0.5")
        XCTAssertEqual(mobilenet.canonicalVariant("0.750"), "0.75")
        for bad in ["0", "5", "half", "0.01"] { XCTAssertNil(mobilenet.canonicalVariant(bad), bad) }
    }

    /// RepDistiller's features: after block groups 2, 3, 5 and 7; 32x32 ends on 2x2 (CIFAR strides),
    /// while inputs above 64 pixels get ImageNet's extra stride in group 2.
    func testStageTapsAndStrides() throws {
        for (side, stage1Side) in [(32, 16), (96, 24)] {
            let input = try InputSpec(parsing: "3x\(side)x\(side)")
            let network = try withRandomSeed(1) { try MobileNetV2Architecture().makeNetwork(variant: "0.25", input: input, classes: 10) }
            var generator = SeededGenerator(seed: 1)
            let output = noGrad { network.forward(Tensor.randomNormal([2, 3, side, side], using: &generator)) }
            XCTAssertEqual(output.taps.names, ["stem", "stage1", "stage2", "stage3", "stage4", "embedding", "logits"])
            XCTAssertEqual(output.taps["stage1"]?.shape, [2, 6, stage1Side, stage1Side])
            if side == 32 {
                XCTAssertEqual(output.taps.stages.map(\.tensor.shape), [[2, 6, 16, 16], [2, 8, 8, 8], [2, 24, 4, 4], [2, 80, 2, 2]])
            }
            XCTAssertEqual(output.taps["embedding"]?.shape, [2, 1280])
        }
    }
}
