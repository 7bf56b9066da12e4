import KDZoo

/// DenseNet-BC (Huang et al., 2017) for CIFAR-sized inputs: bottleneck layers, compression 0.5,
/// three dense blocks. Variant `bc-L-k` has depth L (`L = 6n + 4`, n layers per block) and growth
/// rate k; any valid pair is accepted (`densenet-bc-190-40`).
public struct DenseNetArchitecture: Architecture {
    public init() {}

    public var name: String { "densenet" }
    public var summary: String { "DenseNet-BC bc-depth-growth (bottleneck, compression 0.5)" }
    public var task: Task { .imageClassification }
    public var variants: [String] { ["bc-40-12", "bc-100-12"] }
    public var defaultVariant: String { "bc-100-12" }
    public var tinyVariant: String { "bc-10-4" }
    public var inputLayouts: [InputLayout] { [.image] }

    /// The two transitions halve the resolution twice with 2x2 average pooling.
    static let smallestSide = 4

    public func canonicalVariant(_ variant: String) -> String? {
        shape(of: variant).map { "bc-\($0.depth)-\($0.growthRate)" }
    }

    public func validate(_ input: InputSpec) throws {
        try checkLayout(of: input)
        try checkImageSide(of: input, atLeast: Self.smallestSide, because: "the two transitions halve the resolution twice")
    }

    public func makeNetwork(variant: String, input: InputSpec, classes: Int) throws -> any Network {
        guard let (depth, growthRate) = shape(of: variant) else {
            throw ZooError.unknownVariant(architecture: name, variant: variant, known: variants)
        }
        return DenseNetBC(depth: depth, growthRate: growthRate, inChannels: input.shape[0], classes: classes)
    }

    /// `bc-L-k` with `L = 6n + 4` for some n >= 1 and `k >= 1`.
    private func shape(of variant: String) -> (depth: Int, growthRate: Int)? {
        let parts = variant.split(separator: "-")
        guard parts.count == 3, parts[0] == "bc", let depth = Int(parts[1]), let growthRate = Int(parts[2]),
              depth >= 10, (depth - 4) % 6 == 0, growthRate >= 1 else { return nil }
        return (depth, growthRate)
    }
}
