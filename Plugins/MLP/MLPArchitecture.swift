import KDZoo

/// Fully connected ReLU networks over flattened samples. A variant lists the hidden widths,
/// optionally followed by `dropout`: `1200-1200-dropout` is the teacher of Hinton et al. (2015)
/// on MNIST (784-1200-1200-10, dropout 0.2 on the input and 0.5 on hidden units), `800-800` their
/// unregularised student (784-800-800-10). Any widths are accepted (`mlp-256-128`).
public struct MLPArchitecture: Architecture {
    public init() {}

    public var name: String { "mlp" }
    public var summary: String { "multilayer perceptron, e.g. Hinton et al.'s 1200-1200 / 800-800 MNIST pair" }
    public var task: Task { .imageClassification }
    public var variants: [String] { ["800-800", "1200-1200-dropout"] }
    public var defaultVariant: String { "1200-1200-dropout" }
    public var tinyVariant: String { "16-16-dropout" }
    public var inputLayouts: [InputLayout] { [.flat] }
    public var defaultInput: InputSpec { .mnist }
    public var defaultClasses: Int { 10 }

    public func canonicalVariant(_ variant: String) -> String? {
        configuration(of: variant).map { widths, dropout in
            widths.map(String.init).joined(separator: "-") + (dropout ? "-dropout" : "")
        }
    }

    public func makeNetwork(variant: String, input: InputSpec, classes: Int) throws -> any Network {
        guard let (widths, dropout) = configuration(of: variant) else {
            throw ZooError.unknownVariant(architecture: name, variant: variant, known: variants)
        }
        return MultilayerPerceptron(inFeatures: input.elementCount, hiddenWidths: widths, classes: classes,
                                    dropout: dropout ? .hinton : .none)
    }

    private func configuration(of variant: String) -> (widths: [Int], dropout: Bool)? {
        var parts = variant.split(separator: "-", omittingEmptySubsequences: false)
        let dropout = parts.last == "dropout"
        if dropout { parts.removeLast() }
        let widths = parts.compactMap { Int($0) }
        guard !widths.isEmpty, widths.count == parts.count, widths.allSatisfy({ $0 > 0 }) else { return nil }
        return (widths, dropout)
    }
}
