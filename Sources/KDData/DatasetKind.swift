/// What the samples of a dataset are, stored as the root attribute `kind` of a dataset file.
public enum DatasetKind: String, Codable, CaseIterable, Sendable {
    /// Fixed-size images, `x` is `[N, C, H, W]`.
    case image
    /// Feature sequences such as spectrogram frames, `x` is `[N, T, F]` (batch-first), with
    /// `lengths` when utterances were padded.
    case sequence
    /// Token-id sequences, padded, with `lengths` (and target tokens for sequence-to-sequence).
    case tokens
}
