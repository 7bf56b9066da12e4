/// One network of the zoo: an architecture and one of its variants, e.g. `wrn-40-2`.
public struct ModelSpec: Sendable, CustomStringConvertible {
    public let architecture: any Architecture
    public let variant: String

    /// The spec for `variant` of `architecture`, in the variant's canonical spelling.
    public init(_ architecture: any Architecture, variant: String) throws {
        guard let canonical = architecture.canonicalVariant(variant.lowercased()) else {
            throw ZooError.unknownVariant(architecture: architecture.name, variant: variant, known: architecture.variants)
        }
        self.architecture = architecture
        self.variant = canonical
    }

    /// The architecture's default variant.
    public init(defaultOf architecture: any Architecture) throws {
        try self.init(architecture, variant: architecture.defaultVariant)
    }

    /// The canonical name, `architecture-variant`: `wrn-40-2`, `resnet-56`, `mobilenetv2-0.5`.
    public var name: String { "\(architecture.name)-\(variant)" }

    public var description: String { name }

    /// Builds the network for `input` and `classes`, after checking both.
    public func makeNetwork(input: InputSpec, classes: Int) throws -> any Network {
        guard classes >= 1 else { throw ZooError.invalidClassCount(classes) }
        try architecture.validate(input)
        return try architecture.makeNetwork(variant: variant, input: input, classes: classes)
    }
}
