/// What a network computes from its input. A teacher and a student must solve the same task.
public enum Task: String, Codable, CaseIterable, Sendable, CustomStringConvertible {
    /// One class per image (or per image-like input such as a spectrogram): logits `[N, classes]`.
    case imageClassification
    /// One class per feature sequence `[T, F]`: logits `[N, classes]`.
    case sequenceClassification
    /// An output token sequence per input sequence: logits `[N, T, vocabulary]`.
    case sequenceToSequence

    public var description: String { rawValue }

    /// Whether the networks predict one class per sample (`[N, classes]` logits).
    public var isClassification: Bool { self != .sequenceToSequence }

    /// Whether a teacher solving this task can teach a student solving `student`: the same task,
    /// or two classifications — a CNN reading a spectrogram as an image and an LSTM reading it as
    /// a sequence predict the same classes.
    public func canTeach(_ student: Task) -> Bool {
        self == student || (isClassification && student.isClassification)
    }
}
