/// The target token sequences of a batch, for training a sequence-to-sequence model with
/// teacher forcing: the decoder reads `<s> y₁ … y_k` and learns to emit `y₁ … y_k </s>`.
///
/// Every sequence is laid out over the same number of decoder ``steps`` (padded with
/// ``SpecialToken/padding``), so that the logits of a batch are `[N, steps, vocabulary]`
/// whatever the sequences' own lengths — which keeps cached teacher outputs aligned.
public struct TargetSequences: Equatable, Sendable {
    /// Each sample's tokens, without `<s>`, `</s>` or padding.
    public let tokens: [[Int]]
    /// Decoder steps per sample: at least the longest sequence plus one (for `</s>`).
    public let steps: Int

    /// Targets over `steps` decoder steps; `steps` defaults to the longest sequence plus one.
    public init(_ tokens: [[Int]], steps: Int? = nil) {
        let needed = (tokens.map(\.count).max() ?? 0) + 1
        precondition(steps.map { $0 >= needed } ?? true,
                     "TargetSequences: \(steps ?? 0) decoder steps cannot hold a sequence of \(needed - 1) tokens and </s>")
        self.tokens = tokens
        self.steps = steps ?? needed
    }

    /// Targets from rows of `width` ids as a dataset stores them (padded with 0, no `<s>`/`</s>`);
    /// each row ends at its first padding id, and the decoder runs `width + 1` steps.
    public init(padded ids: [Int], width: Int) {
        precondition(width >= 1 && ids.count % width == 0, "TargetSequences: \(ids.count) ids are not rows of \(width)")
        let rows = (0..<ids.count / width).map { row in
            Array(ids[row * width..<(row + 1) * width].prefix { $0 != SpecialToken.padding })
        }
        self.init(rows, steps: width + 1)
    }

    /// The number of sequences.
    public var count: Int { tokens.count }

    /// What the decoder reads at each step, row-major `[count, steps]`: `<s> y₁ … y_k` then padding.
    public var decoderInputs: [Int] {
        laidOut { [SpecialToken.start] + $0 }
    }

    /// What the decoder should emit at each step, row-major `[count, steps]`: `y₁ … y_k </s>` then
    /// padding — the labels of the per-step cross-entropy, whose padding is ignored.
    public var decoderTargets: [Int] {
        laidOut { $0 + [SpecialToken.end] }
    }

    private func laidOut(_ row: ([Int]) -> [Int]) -> [Int] {
        var ids = [Int](repeating: SpecialToken.padding, count: count * steps)
        for (index, sequence) in tokens.enumerated() {
            for (step, id) in row(sequence).enumerated() { ids[index * steps + step] = id }
        }
        return ids
    }
}
