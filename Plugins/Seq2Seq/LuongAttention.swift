import KDLayers
import KDTensor

/// Global attention with the "general" score of Luong, Pham and Manning (2015), "Effective
/// Approaches to Attention-based Neural Machine Translation":
///
///     score(hₜ, h̄ₛ) = hₜᵀ W_a h̄ₛ,   aₜ = softmax over valid s,   cₜ = Σₛ aₜₛ h̄ₛ,
///     h̃ₜ = tanh(W_c [cₜ; hₜ])
///
/// where hₜ is the decoder's top-layer state and h̄ₛ the encoder's outputs. Without input
/// feeding (h̃ₜ is not fed back into the decoder), so teacher forcing attends for all steps in
/// one batched product. Padded source positions get no weight.
final class LuongAttention: Module {
    /// `W_a`, as `score.weight` `[size, size]` (applied to the encoder outputs once per source).
    let score: Linear
    /// `W_c`, as `combine.weight` `[size, 2 · size]`.
    let combine: Linear

    init(size: Int) {
        score = Linear(inFeatures: size, outFeatures: size, bias: false)
        combine = Linear(inFeatures: 2 * size, outFeatures: size, bias: false)
    }

    /// The attended memory of one batch of sources: what every decoder step reads.
    struct Memory {
        /// Encoder outputs `[N, S, size]`.
        let values: Tensor
        /// `values · W_aᵀ`, `[N, S, size]`, so that a step's scores are one product with its state.
        let keys: Tensor
        /// `[N, 1, S]`: 0 at valid positions, a large negative number at padded ones.
        let mask: Tensor

        /// The memory of `rows` (repeats allowed), for beams that share a source.
        func rows(_ rows: [Int]) -> Memory {
            Memory(values: values.indexSelect(rows, alongAxis: 0), keys: keys.indexSelect(rows, alongAxis: 0),
                   mask: mask.indexSelect(rows, alongAxis: 0))
        }
    }

    /// The memory of encoder outputs `[N, S, size]` whose first `lengths[n]` positions are valid.
    func memory(of values: Tensor, lengths: [Int]) -> Memory {
        let (batch, steps) = (values.shape[0], values.shape[1])
        var mask = [Float](repeating: 0, count: batch * steps)
        for n in 0..<batch {
            // A source with no valid position attends uniformly rather than dividing by zero.
            for s in min(lengths[n], steps)..<steps where lengths[n] > 0 { mask[n * steps + s] = -1e9 }
        }
        return Memory(values: values, keys: score(values), mask: Tensor(shape: [batch, 1, steps], mask))
    }

    /// The attentional states h̃ `[N, L, size]` for decoder states `queries` `[N, L, size]`.
    func callAsFunction(_ queries: Tensor, memory: Memory) -> Tensor {
        let weights = (queries.matmul(memory.keys, transposeOther: true) + memory.mask).softmax(alongAxis: -1)
        let context = weights.matmul(memory.values)
        return combine(Tensor.concatenate([context, queries], alongAxis: 2)).tanh()
    }
}
