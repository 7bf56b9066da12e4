/// Running sequence-level figures over decoded outputs: the share of sequences decoded exactly,
/// and the token error rate — the summed edit distances over the summed reference lengths
/// (phoneme error rate for grapheme-to-phoneme, word error rate for digit strings). Insertions
/// count, so the rate can exceed 1.
public struct SequenceAccuracy: Sendable {
    public private(set) var sequences = 0
    public private(set) var exactMatches = 0
    public private(set) var edits = 0
    public private(set) var referenceTokens = 0
    /// The first few sequences decoded wrongly, for a look at what goes wrong.
    public private(set) var mistakes: [(prediction: [Int], reference: [Int])] = []
    /// How many of them ``mistakes`` keeps.
    public let mistakesKept: Int

    public init(mistakesKept: Int = 5) {
        self.mistakesKept = mistakesKept
    }

    /// Counts a batch of decoded sequences against their references (no `<s>`, `</s>` or padding).
    public mutating func add(predictions: [[Int]], references: [[Int]]) {
        precondition(predictions.count == references.count,
                     "sequence accuracy needs one prediction per reference, got \(predictions.count) for \(references.count)")
        for (prediction, reference) in zip(predictions, references) {
            if prediction == reference {
                exactMatches += 1
            } else if mistakes.count < mistakesKept {
                mistakes.append((prediction, reference))
            }
            edits += EditDistance.between(prediction, reference)
            referenceTokens += reference.count
        }
        sequences += predictions.count
    }

    /// The share of sequences decoded exactly, in `[0, 1]` (0 when nothing was counted).
    public var sequenceAccuracy: Double { sequences > 0 ? Double(exactMatches) / Double(sequences) : 0 }

    /// Edit operations per reference token (0 when nothing was counted).
    public var tokenErrorRate: Double { referenceTokens > 0 ? Double(edits) / Double(referenceTokens) : 0 }
}
