/// An architecture plugin: a family of networks (e.g. wide ResNets) with named variants
/// (e.g. `40-2`, `16-2`) and a factory that builds one for a given input and class count.
///
/// Conformers are small value types registered once in the catalog; see README.md,
/// "Writing an architecture plugin".
public protocol Architecture: Sendable {
    /// The registry name: lowercase letters, digits and dots, e.g. `wrn`, `mobilenetv2`.
    var name: String { get }
    /// Other names the registry accepts, e.g. `mobilenet` for `mobilenetv2`.
    var aliases: [String] { get }
    /// One line for `kdzoo list`.
    var summary: String { get }
    /// What the networks compute.
    var task: Task { get }
    /// The named variants, smallest first, as written after `name-` (e.g. `40-2` for `wrn-40-2`).
    var variants: [String] { get }
    /// The variant used when none is named; one of ``variants``.
    var defaultVariant: String { get }
    /// The cheapest network of the family, listed or not: what the conformance tests build for
    /// finite-difference gradient checks. Defaults to the first listed variant.
    var tinyVariant: String { get }
    /// The input layouts the networks read; data in another layout is presented in one of
    /// these when it can be (see ``InputSpec/presentations``).
    var inputLayouts: [InputLayout] { get }
    /// The data `kdzoo list` and `kdzoo info` size the networks for when none is given: the
    /// family's usual benchmark. Defaults to CIFAR-100 (3x32x32 images, 100 classes).
    var defaultInput: InputSpec { get }
    var defaultClasses: Int { get }

    /// The canonical spelling of `variant` (lowercase) when it names a network of this family,
    /// else `nil`. Families with a parametric rule (any valid depth and width) accept more than
    /// ``variants`` lists, and may accept several spellings of one variant (`1` for `1.0`).
    func canonicalVariant(_ variant: String) -> String?

    /// Throws ``ZooError/unsupportedInput(architecture:input:reason:)`` when networks of
    /// this family cannot read `input` (wrong layout, too small). Checked before any build.
    func validate(_ input: InputSpec) throws

    /// Builds the network `variant` for `input` and `classes` outputs. Parameters are drawn from
    /// the current random scope (`withRandomSeed`), so a seed fixes them. Callers have validated
    /// the variant and input; the factory still throws rather than trapping on a bad combination.
    func makeNetwork(variant: String, input: InputSpec, classes: Int) throws -> any Network
}

extension Architecture {
    public var aliases: [String] { [] }

    public var tinyVariant: String { variants[0] }

    public var defaultInput: InputSpec { .cifar }

    public var defaultClasses: Int { 100 }

    public func canonicalVariant(_ variant: String) -> String? {
        variants.contains(variant) ? variant : nil
    }

    public func validate(_ input: InputSpec) throws {
        try checkLayout(of: input)
    }

    /// Throws unless `input` is in one of ``inputLayouts``: what the default ``validate(_:)`` checks,
    /// for a plugin's own `validate` to call first.
    public func checkLayout(of input: InputSpec) throws {
        guard inputLayouts.contains(input.layout) else {
            let accepted = inputLayouts.map(\.rawValue).joined(separator: " or ")
            throw ZooError.unsupportedInput(architecture: name, input: input, reason: "it reads \(accepted) inputs")
        }
    }

    /// Throws unless both sides of the image `input` are at least `side` pixels; `reason` says why
    /// the network needs them (e.g. "its two transitions halve the resolution twice").
    public func checkImageSide(of input: InputSpec, atLeast side: Int, because reason: String) throws {
        guard input.layout == .image, input.shape[1] >= side, input.shape[2] >= side else {
            throw ZooError.unsupportedInput(architecture: name, input: input,
                                            reason: "images must be at least \(side)x\(side) because \(reason)")
        }
    }

    /// Whether `input` can be read as it is.
    public func accepts(_ input: InputSpec) -> Bool {
        (try? validate(input)) != nil
    }

    /// The first presentation of `data` this architecture accepts, or `nil` when none.
    public func presentation(of data: InputSpec) -> InputSpec? {
        data.presentations.first(where: accepts)
    }
}
