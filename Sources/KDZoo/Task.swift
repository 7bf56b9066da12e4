/// What a network computes from its input. A teacher and a student must solve the same task.
public enum Task: String, Codable, CaseIterable, Sendable, CustomStringConvertible {
    /// One class per image (or per image-like input such as a spectrogram): logits `[N, classes]`.
    case imageClassification
    /// One class per feature sequence `[T, F]`: logits `[N, classes]`.
    case sequenceClassification
    /// An output token sequence per input sequence: logits `[N, T, vocabulary]`.
    case sequenceToSequence

    public var description: String { rawValue }
}
