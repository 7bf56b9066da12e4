import KDZoo

/// LSTM encoder-decoders with Luong attention (``AttentionalEncoderDecoder``) for
/// sequence-to-sequence tasks: grapheme-to-phoneme conversion from `tokens` inputs, or
/// speech-to-tokens from frame sequences `[T, F]`. The class count is the target vocabulary
/// (reserved ids included).
///
/// A variant is `<layers>x<units>`, optionally `-bi` for a bidirectional encoder (the decoder then
/// has `2 · units` units); embeddings have `units` dimensions. `2x256-bi` and `2x128-bi` are
/// teachers, `1x64` and `1x32` students; any sizes are accepted.
public struct Seq2SeqArchitecture: Architecture {
    public init() {}

    public var name: String { "seq2seq" }
    public var summary: String { "LSTM encoder-decoder with Luong attention; greedy and beam-search decoding" }
    public var task: Task { .sequenceToSequence }
    public var variants: [String] { ["1x32", "1x64", "2x128", "2x128-bi", "2x256-bi"] }
    public var defaultVariant: String { "2x128-bi" }
    public var tinyVariant: String { "1x4" }
    public var inputLayouts: [InputLayout] { [.tokens, .sequence] }
    /// The shipped grapheme-to-phoneme set: words of up to 12 letters (30 ids) to 125 phoneme ids.
    public var defaultInput: InputSpec { try! .tokens(length: 12, vocabulary: 30) }
    public var defaultClasses: Int { 125 }

    public func canonicalVariant(_ variant: String) -> String? {
        RecurrentShape(parsing: variant)?.description
    }

    public func validate(_ input: InputSpec) throws {
        try checkLayout(of: input)
        if input.layout == .tokens, input.vocabulary == nil {
            throw ZooError.unsupportedInput(architecture: name, input: input,
                                            reason: "token inputs need the size of their vocabulary (the dataset's source_vocabulary)")
        }
    }

    public func makeNetwork(variant: String, input: InputSpec, classes: Int) throws -> any Network {
        guard let shape = RecurrentShape(parsing: variant) else {
            throw ZooError.unknownVariant(architecture: name, variant: variant, known: variants)
        }
        guard classes > SpecialToken.end else {
            throw ZooError.invalidInput("seq2seq needs a target vocabulary with the reserved ids <pad>, <s>, </s>, got \(classes) classes")
        }
        return AttentionalEncoderDecoder(input: input, shape: shape, targetVocabulary: classes)
    }
}
