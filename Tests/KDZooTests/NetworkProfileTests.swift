import KDTensor
import KDZoo
import XCTest

final class NetworkProfileTests: XCTestCase {
    func testCountsLinearLayersAsInputTimesOutput() throws {
        let input = try InputSpec(parsing: "2x3x4")
        let network = ToyLinearNetwork(features: 24, classes: 5)
        let profile = NetworkProfile(profiling: network, input: input)
        XCTAssertEqual(profile.parameters, 24 * 5 + 5)
        XCTAssertEqual(profile.layers.count, 1)
        XCTAssertEqual(profile.layers[0].path, "")
        XCTAssertEqual(profile.layers[0].kind, "ToyLinearNetwork")
        XCTAssertEqual(profile.layers[0].outputShape, [5])
        XCTAssertEqual(profile.layers[0].parameters, 125)
        XCTAssertEqual(profile.macs, 24 * 5)
        XCTAssertEqual(profile.taps.map(\.name), ["embedding", "logits"])
        XCTAssertEqual(profile.taps.map(\.shape), [[24], [5]])
    }

    func testWorksInsideNoGradAndRestoresTheMode() throws {
        let network = ToyLinearNetwork(features: 6, classes: 2)
        let input = try InputSpec(parsing: "6")
        let profile = noGrad {
            defer { XCTAssertFalse(GradMode.isEnabled) }
            return NetworkProfile(profiling: network, input: input)
        }
        XCTAssertEqual(profile.macs, 12)
    }
}
