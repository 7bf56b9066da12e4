import KDTensor

/// The matrix products of an LSTM step, `x_t · W_ihᵀ + h · W_hhᵀ`, for a slice of the batch.
///
/// Over several steps the weights are transposed once and every step multiplies by them in
/// small blocks (`gemmInSmallBlocks`), which OpenBLAS runs without re-packing the weight each
/// time. A single step — a decoder called once per emitted token — has nothing to amortise
/// the transposes against, so it multiplies by the weights as they are, one GEMM each.
struct LSTMGateProducts {
    private let inputWeight: Tensor, recurrentWeight: Tensor
    private let blocked: Bool
    private let features: Int, hidden: Int, steps: Int

    /// Products for `steps` steps of input rows of `features` values, `[N, T, F]`.
    init(inputWeight: Tensor, recurrentWeight: Tensor, steps: Int) {
        blocked = steps > 1
        (self.inputWeight, self.recurrentWeight) = blocked
            ? noGrad { (inputWeight.transposed(), recurrentWeight.transposed()) } : (inputWeight, recurrentWeight)
        (features, hidden, self.steps) = (inputWeight.shape[1], recurrentWeight.shape[1], steps)
    }

    /// Writes `[rows, 4H]` gate pre-activations (without bias) into `gates`, for the rows of
    /// `input` at step `t` (`input` points at the first row's sequence) and the states `hidden`.
    func callAsFunction(input: UnsafePointer<Float>, step t: Int, hidden h: UnsafePointer<Float>, rows: Int,
                        into gates: UnsafeMutablePointer<Float>) {
        let x = input + t * features, gateWidth = 4 * hidden
        if blocked {
            gemmInSmallBlocks(x, aRowStride: steps * features, inputWeight.pointer, into: gates, m: rows, n: gateWidth, k: features)
            gemmInSmallBlocks(h, recurrentWeight.pointer, into: gates, m: rows, n: gateWidth, k: hidden, accumulate: true)
        } else {
            gemm(x, transposeA: false, inputWeight.pointer, transposeB: true, into: gates, m: rows, n: gateWidth, k: features)
            gemm(h, transposeA: false, recurrentWeight.pointer, transposeB: true, into: gates,
                 m: rows, n: gateWidth, k: hidden, accumulate: true)
        }
    }
}
