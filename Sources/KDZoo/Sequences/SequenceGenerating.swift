import KDTensor

/// A network that writes a token sequence for each input: a sequence-to-sequence model, whose
/// ``Network/forward(_:context:)`` gives per-step logits `[N, steps, vocabulary]` (teacher-forced
/// when the context holds targets) and which decodes on its own here.
public protocol SequenceGenerating: Network {
    /// The most likely output sequence of each sample, without `<s>`, `</s>` or padding: greedy
    /// when `beamWidth` is 1, else beam search keeping `beamWidth` hypotheses. A sequence ends at
    /// `</s>` or after `maxLength` tokens. Runs without recording gradients.
    func generate(_ input: Tensor, lengths: [Int]?, maxLength: Int, beamWidth: Int) -> [[Int]]
}
