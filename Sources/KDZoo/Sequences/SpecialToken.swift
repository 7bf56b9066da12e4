/// The reserved token ids every `tokens` dataset and sequence-to-sequence model share (the same
/// as KDData's `Vocabulary`): datasets store target sequences without `start`/`end` and pad them
/// with `padding`; models put `start` before a target and learn to emit `end` after it.
public enum SpecialToken {
    /// Fills sequences past their length; never predicted, ignored by losses.
    public static let padding = 0
    /// Fed to a decoder as its first input.
    public static let start = 1
    /// The last token a decoder emits for a sequence.
    public static let end = 2
    /// Stands for tokens outside the vocabulary.
    public static let unknown = 3
}
