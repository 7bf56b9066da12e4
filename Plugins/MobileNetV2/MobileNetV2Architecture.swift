import KDZoo

/// MobileNetV2 (Sandler et al., 2018) as RepDistiller's `models/mobilenetv2.py` builds it for
/// CIFAR: expansion 6, width multipliers 0.5 / 0.75 / 1.0 (or any other), and the second stage kept at stride 1
/// so 32x32 inputs end on a 2x2 map. Inputs larger than 64 pixels a side get ImageNet's stride 2
/// there instead.
public struct MobileNetV2Architecture: Architecture {
    public init() {}

    public var name: String { "mobilenetv2" }
    public var aliases: [String] { ["mobilenet"] }
    public var summary: String { "MobileNetV2 inverted residuals, width multiplier 0.5/0.75/1.0" }
    public var task: Task { .imageClassification }
    public var variants: [String] { ["0.5", "0.75", "1.0"] }
    public var defaultVariant: String { "0.5" }
    public var tinyVariant: String { "0.25" }
    public var inputLayouts: [InputLayout] { [.image] }

    /// Any multiplier from 1/16 (one channel in the first block) to 4, in any spelling: `1`, `1.00`, `.5`.
    public func canonicalVariant(_ variant: String) -> String? {
        guard let multiplier = Double(variant), multiplier >= 1.0 / 16, multiplier <= 4 else { return nil }
        return String(multiplier)
    }

    public func makeNetwork(variant: String, input: InputSpec, classes: Int) throws -> any Network {
        guard let multiplier = canonicalVariant(variant).flatMap(Double.init(_:)) else {
            throw ZooError.unknownVariant(architecture: name, variant: variant, known: variants)
        }
        return MobileNetV2(widthMultiplier: multiplier, input: input, classes: classes)
    }
}
