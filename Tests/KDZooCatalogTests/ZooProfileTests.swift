import KDLayers
import KDZoo
import KDZooCatalog
import XCTest

/// The MAC counts of real zoo networks against hand-computed `O*H'*W' * C/g*kH*kW` and `in*out`.
final class ZooProfileTests: XCTestCase {
    private let registry = try! Catalog.makeRegistry()

    private func profile(_ name: String) throws -> NetworkProfile {
        let spec = try registry.resolve(name)
        return NetworkProfile(profiling: try spec.makeNetwork(input: .cifar, classes: 100), input: .cifar)
    }

    func testResNet20() throws {
        let profile = try profile("resnet20")
        func conv(_ out: Int, _ side: Int, _ inChannels: Int, _ kernel: Int) -> Int { out * side * side * inChannels * kernel * kernel }
        let stem = conv(16, 32, 3, 3)
        let stage1 = 6 * conv(16, 32, 16, 3)
        let stage2 = conv(32, 16, 16, 3) + 5 * conv(32, 16, 32, 3) + conv(32, 16, 16, 1)
        let stage3 = conv(64, 8, 32, 3) + 5 * conv(64, 8, 64, 3) + conv(64, 8, 32, 1)
        XCTAssertEqual(profile.macs, stem + stage1 + stage2 + stage3 + 64 * 100)
        XCTAssertEqual(profile.macs, 40_818_944)
        XCTAssertEqual(profile.parameters, 278_324)
        let layers = Dictionary(uniqueKeysWithValues: profile.layers.map { ($0.path, $0) })
        XCTAssertEqual(layers["layer2.0.downsample.0"]?.outputShape, [32, 16, 16])
        XCTAssertEqual(layers["layer2.0.downsample.0"]?.macs, conv(32, 16, 16, 1))
        XCTAssertEqual(layers["fc"]?.outputShape, [100])
        XCTAssertEqual(layers["bn1"]?.parameters, 32)
        XCTAssertEqual(profile.layers.reduce(0) { $0 + $1.parameters }, profile.parameters)
    }

    /// A depthwise convolution costs `C*H'*W'*kH*kW`: one input channel per output channel.
    func testDepthwiseConvolutionsCountOneInputChannel() throws {
        let layers = Dictionary(uniqueKeysWithValues: try profile("mobilenetv2-0.5").layers.map { ($0.path, $0) })
        // Group 2's first block at width 0.5: 8 channels expanded 6x to 48, 16x16 maps, stride 1.
        XCTAssertEqual(layers["blocks.1.0.conv.3"]?.macs, 48 * 16 * 16 * 9)
        XCTAssertEqual(layers["blocks.1.0.conv.3"]?.outputShape, [48, 16, 16])
        XCTAssertEqual(layers["blocks.1.0.conv.0"]?.macs, 48 * 16 * 16 * 8)
    }
}
