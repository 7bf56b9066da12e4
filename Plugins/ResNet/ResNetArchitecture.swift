import KDZoo

/// Residual networks (He et al., 2016) in the two forms RepDistiller distils:
/// - CIFAR ResNets `resnet-D` with depth `D = 6n + 2` (8, 14, 20, 32, 44, 56, 110) and 16/32/64
///   channels, and the 4x-wide `resnet-Dx4` (8x4, 32x4) with 64/128/256 channels (`models/resnet.py`);
/// - ImageNet-style ResNet-18 and -34 with 64...512 channels over four stages (`models/resnetv2.py`),
///   whose stem adapts to the input: a 3x3 stride-1 convolution for inputs up to 64 pixels a side,
///   the ImageNet 7x7 stride-2 convolution and max-pool for larger ones.
public struct ResNetArchitecture: Architecture {
    public init() {}

    public var name: String { "resnet" }
    public var summary: String { "ResNet: CIFAR depths 6n+2 (and 4x wide) and ImageNet-style 18/34" }
    public var task: Task { .imageClassification }
    public var variants: [String] { ["8", "14", "20", "32", "44", "56", "110", "8x4", "32x4", "18", "34"] }
    public var defaultVariant: String { "56" }
    public var tinyVariant: String { "8" }
    public var inputLayouts: [InputLayout] { [.image] }

    public func canonicalVariant(_ variant: String) -> String? {
        configuration(of: variant) != nil ? variant : nil
    }

    public func makeNetwork(variant: String, input: InputSpec, classes: Int) throws -> any Network {
        guard let configuration = configuration(of: variant) else {
            throw ZooError.unknownVariant(architecture: name, variant: variant, known: variants)
        }
        return ResidualNetwork(configuration, input: input, classes: classes)
    }

    private func configuration(of variant: String) -> ResidualNetwork.Configuration? {
        switch variant {
        case "18": return .imageNetStyle(blocks: [2, 2, 2, 2])
        case "34": return .imageNetStyle(blocks: [3, 4, 6, 3])
        default:
            let wide = variant.hasSuffix("x4")
            guard let depth = Int(wide ? String(variant.dropLast(2)) : variant), depth >= 8, (depth - 2) % 6 == 0,
                  String(depth) + (wide ? "x4" : "") == variant else { return nil }
            return .cifar(depth: depth, wide: wide)
        }
    }
}
