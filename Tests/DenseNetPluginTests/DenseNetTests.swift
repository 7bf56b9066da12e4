import DenseNetPlugin
import KDLayers
import KDTensor
import KDZoo
import XCTest

final class DenseNetTests: XCTestCase {
    /// DenseNet-BC (L=100, k=12) on CIFAR-10 has the 0.8M parameters of the paper's table 2:
    /// 769,162 in the PyTorch reference implementations.
    func testBC100Has769162ParametersOnCIFAR10() throws {
        let network = try DenseNetArchitecture().makeNetwork(variant: "bc-100-12", input: InputSpec(parsing: "3x32x32"), classes: 10)
        XCTAssertEqual(network.parameterCount, 769_162)
    }

    func testStateDictNamesAndChannelGrowth() throws {
        let network = try DenseNetArchitecture().makeNetwork(variant: "bc-40-12", input: InputSpec(parsing: "3x32x32"), classes: 10)
        let shapes = Dictionary(uniqueKeysWithValues: network.stateDict().map { ($0.path, $0.tensor.shape) })
        XCTAssertEqual(shapes["conv1.weight"], [24, 3, 3, 3])
        XCTAssertEqual(shapes["dense1.0.conv1.weight"], [48, 24, 1, 1])
        XCTAssertEqual(shapes["dense1.5.bn1.weight"], [24 + 5 * 12])
        XCTAssertEqual(shapes["trans1.conv1.weight"], [48, 96, 1, 1], "compression 0.5 after 24 + 6 * 12 channels")
        XCTAssertEqual(shapes["bn1.weight"], [60 + 72])
        XCTAssertEqual(shapes["fc.weight"], [10, 132])
    }

    func testVariantsAndInputLimits() throws {
        let densenet = DenseNetArchitecture()
        XCTAssertEqual(densenet.canonicalVariant("bc-190-40"), "bc-190-40")
        for bad in ["bc-41-12", "100-12", "bc-100", "bc-100-0"] { XCTAssertNil(densenet.canonicalVariant(bad), bad) }
        XCTAssertThrowsError(try densenet.validate(InputSpec(parsing: "1x3x3"))) { error in
            XCTAssertEqual("\(error)", "densenet cannot read a 1x3x3 image input: images must be at least 4x4 because the two transitions halve the resolution twice")
        }
    }
}
