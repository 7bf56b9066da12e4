import KDZoo

/// Wide residual networks, WRN-d-k (Zagoruyko & Komodakis, 2016), as in RepDistiller's
/// CIFAR models: depth `d = 6n + 4` (n pre-activation blocks per stage), width factor `k`.
/// Any valid depth and width is a variant (`wrn-22-4`); the listed ones are the usual teachers
/// and students.
public struct WRNArchitecture: Architecture {
    public init() {}

    public var name: String { "wrn" }
    public var aliases: [String] { ["wideresnet"] }
    public var summary: String { "Wide ResNet WRN-depth-width (pre-activation, 3 stages)" }
    public var task: Task { .imageClassification }
    public var variants: [String] { ["16-1", "40-1", "16-2", "40-2", "28-10"] }
    public var defaultVariant: String { "40-2" }
    public var tinyVariant: String { "10-1" }
    public var inputLayouts: [InputLayout] { [.image] }

    public func canonicalVariant(_ variant: String) -> String? {
        shape(of: variant).map { "\($0.depth)-\($0.widthFactor)" }
    }

    public func makeNetwork(variant: String, input: InputSpec, classes: Int) throws -> any Network {
        guard let (depth, widthFactor) = shape(of: variant) else {
            throw ZooError.unknownVariant(architecture: name, variant: variant, known: variants)
        }
        return WideResNet(depth: depth, widthFactor: widthFactor, inChannels: input.shape[0], classes: classes)
    }

    /// `d-k` with `d = 6n + 4` for some n >= 1 and `k >= 1`.
    private func shape(of variant: String) -> (depth: Int, widthFactor: Int)? {
        let numbers = variant.split(separator: "-").map { Int($0) }
        guard numbers.count == 2, let depth = numbers[0], let widthFactor = numbers[1],
              depth >= 10, (depth - 4) % 6 == 0, widthFactor >= 1 else { return nil }
        return (depth, widthFactor)
    }
}
