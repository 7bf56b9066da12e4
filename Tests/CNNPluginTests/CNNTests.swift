import CNNPlugin
import KDLayers
import KDTensor
import KDZoo
import XCTest

final class CNNTests: XCTestCase {
    func testLeNet5HasTheClassicParameterCount() throws {
        let cnn = CNNArchitecture()
        let mnist = try InputSpec(parsing: "1x28x28")
        let lenet = try cnn.makeNetwork(variant: "lenet5", input: mnist, classes: 10)
        // conv 6x1x5x5+6, conv 16x6x5x5+16, fc 400->120, 120->84, 84->10.
        XCTAssertEqual(lenet.parameterCount, 156 + 2416 + 48_120 + 10_164 + 850)
        XCTAssertEqual(lenet.stateDict().map(\.path), ["conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "fc1.weight",
                                                       "fc1.bias", "fc2.weight", "fc2.bias", "fc3.weight", "fc3.bias"])
        let cifar = try cnn.makeNetwork(variant: "lenet5", input: InputSpec(parsing: "3x32x32"), classes: 10)
        XCTAssertEqual(cifar.stateDict().first { $0.path == "fc1.weight" }?.tensor.shape, [120, 16 * 6 * 6])
    }

    func testMicroCNNStaysUnderFiveThousandParameters() throws {
        let micro = try CNNArchitecture().makeNetwork(variant: "micro", input: InputSpec(parsing: "1x28x28"), classes: 10)
        XCTAssertEqual(micro.parameterCount, 72 + 16 + 1152 + 32 + 2304 + 32 + 170)
    }

    func testLeNetNeedsLargerImagesThanTheMicroCNN() throws {
        let cnn = CNNArchitecture()
        let small = try InputSpec(parsing: "1x8x8")
        XCTAssertNoThrow(try cnn.validate(small))
        XCTAssertNoThrow(try cnn.makeNetwork(variant: "micro", input: small, classes: 10))
        XCTAssertThrowsError(try cnn.makeNetwork(variant: "lenet5", input: small, classes: 10)) { error in
            XCTAssertTrue("\(error)".hasPrefix("cnn cannot read a 1x8x8 image input: images must be at least 12x12 because LeNet-5"), "\(error)")
        }
        XCTAssertThrowsError(try cnn.validate(InputSpec(parsing: "1x3x3")))
    }
}
