import KDZoo

/// Decision trees over any fixed-size input, flattened: CART trees fitted to soft targets
/// (`depth-N`, N from 1 to 32) and Frosst and Hinton's soft decision trees trained by gradient
/// (`soft-tree-N`, N from 1 to 10 levels of inner nodes; `soft-tree` is `soft-tree-4`).
public struct DecisionTreeArchitecture: Architecture {
    public init() {}

    public var name: String { "tree" }
    public var aliases: [String] { ["decisiontree"] }
    public var summary: String { "CART trees fitted to a teacher's soft labels (depth-N) and soft decision trees (soft-tree-N)" }
    public var task: Task { .imageClassification }
    public var variants: [String] { ["depth-4", "depth-8", "depth-12", "soft-tree-4", "soft-tree-8"] }
    public var defaultVariant: String { "depth-8" }
    public var tinyVariant: String { "soft-tree-2" }
    /// Any real-valued fixed-size sample: the trees flatten it, and keep its layout to name
    /// features by position in their rules.
    public var inputLayouts: [InputLayout] { [.image, .sequence, .flat] }

    /// The tree a variant names.
    enum Kind: Equatable {
        case cart(maxDepth: Int)
        case soft(depth: Int)
    }

    static let cartDepths = 1...32
    static let softDepths = 1...10

    static func kind(of variant: String) -> Kind? {
        if variant == "soft-tree" { return .soft(depth: 4) }
        func depth(after prefix: String, in range: ClosedRange<Int>) -> Int? {
            guard variant.hasPrefix(prefix) else { return nil }
            let digits = variant.dropFirst(prefix.count)
            guard let value = Int(digits), range.contains(value), String(value) == digits else { return nil }
            return value
        }
        if let value = depth(after: "soft-tree-", in: softDepths) { return .soft(depth: value) }
        if let value = depth(after: "depth-", in: cartDepths) { return .cart(maxDepth: value) }
        return nil
    }

    public func canonicalVariant(_ variant: String) -> String? {
        switch Self.kind(of: variant) {
        case .cart(let maxDepth): "depth-\(maxDepth)"
        case .soft(let depth): "soft-tree-\(depth)"
        case nil: nil
        }
    }

    public func makeNetwork(variant: String, input: InputSpec, classes: Int) throws -> any Network {
        switch Self.kind(of: variant) {
        case .cart(let maxDepth): DecisionTree(maxDepth: maxDepth, featureCount: input.elementCount, classCount: classes)
        case .soft(let depth): SoftDecisionTree(depth: depth, featureCount: input.elementCount, classCount: classes)
        case nil: throw ZooError.unknownVariant(architecture: name, variant: variant, known: variants)
        }
    }
}
