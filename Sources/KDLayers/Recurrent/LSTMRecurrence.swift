import KDTensor

/// One direction of one LSTM layer over a whole batch of sequences, as a single recorded op
/// with a hand-written backward (instead of a dozen small ops per time step).
///
/// Each step is `x_t · W_ihᵀ + h · W_hhᵀ` (``LSTMGateProducts``: small-block GEMMs over
/// several steps) plus a fused element-wise cell. The input projection runs inside the steps
/// rather than as one GEMM over all steps beforehand: that GEMM wrote a `[N, T, 4H]` buffer
/// (26 MB for 64 sequences of 100 steps at 256 units) and ran at 92 GFLOP/s with 40 input
/// features and 177 with 256 on two cores, where the blocks run at about 108 per core. Gate
/// order is PyTorch's: input, forget, cell (g), output. Padded steps (`t >= lengths[n]`) leave
/// the state untouched and output zeros, so a reverse pass starts at each sequence's own last
/// step.
enum LSTMRecurrence {
    /// Runs the layer.
    /// - Parameters:
    ///   - input: `[N, T, F]`.
    ///   - inputWeight: `W_ih`, `[4H, F]`.
    ///   - bias: `b_ih + b_hh`, `[4H]`.
    ///   - recurrentWeight: `W_hh`, `[4H, H]`.
    ///   - initialHidden, initialCell: `[N, H]`.
    ///   - lengths: the valid length of each sequence (`T` when not padded).
    ///   - reverse: whether to run from the last step to the first.
    /// - Returns: the outputs `[N, T, H]` (zero at padded steps) and the final state `[N, H]`.
    static func run(input: Tensor, inputWeight: Tensor, bias: Tensor, recurrentWeight: Tensor,
                    initialHidden: Tensor, initialCell: Tensor,
                    lengths: [Int], reverse: Bool) -> (outputs: Tensor, hidden: Tensor, cell: Tensor) {
        let (batch, steps, features) = (input.shape[0], input.shape[1], input.shape[2])
        let hidden = recurrentWeight.shape[1]
        let gateWidth = 4 * hidden, stateSize = batch * hidden
        let inputs = [input, inputWeight, bias, recurrentWeight, initialHidden, initialCell]
        let states = LSTMStates(steps: steps, batch: batch, hiddenSize: hidden,
                                keepsHistory: GradMode.isEnabled && inputs.contains { $0.requiresGrad })
        let outputs = Tensor(uninitializedShape: [batch, steps, hidden])
        states.hiddenBefore(0).update(from: initialHidden.pointer, count: stateSize)
        states.cellBefore(0).update(from: initialCell.pointer, count: stateSize)

        let products = LSTMGateProducts(inputWeight: inputWeight, recurrentWeight: recurrentWeight, steps: steps)
        let x = input.pointer, b = bias.pointer
        overSequences(batch) { rows in
            for s in 0..<steps {
                let t = reverse ? steps - 1 - s : s
                let hPrev = states.hiddenBefore(s), cPrev = states.cellBefore(s)
                let hNext = states.hiddenBefore(s + 1), cNext = states.cellBefore(s + 1)
                let a = states.gates(s), tanhC = states.cellTanh(s)
                products(input: x + rows.lowerBound * steps * features, step: t, hidden: hPrev + rows.lowerBound * hidden,
                         rows: rows.count, into: a + rows.lowerBound * gateWidth)
                for n in rows {
                    let row = n * hidden, out = outputs.pointer + (n * steps + t) * hidden
                    guard t < lengths[n] else {
                        if states.keepsHistory {
                            (hNext + row).update(from: hPrev + row, count: hidden)
                            (cNext + row).update(from: cPrev + row, count: hidden)
                        }
                        out.update(repeating: 0, count: hidden)
                        continue
                    }
                    let gate = a + n * gateWidth
                    GateActivations.sigmoid(gate, adding: b, count: 2 * hidden)
                    GateActivations.tanh(gate + 2 * hidden, adding: b + 2 * hidden, count: hidden)
                    GateActivations.sigmoid(gate + 3 * hidden, adding: b + 3 * hidden, count: hidden)
                    // Without history `c` and `previous` (and `h` and `hPrev`) are the same row:
                    // each element is read before it is written.
                    let i = gate, f = gate + hidden, g = gate + 2 * hidden, o = gate + 3 * hidden
                    let c = cNext + row, previous = cPrev + row, tc = tanhC + row, h = hNext + row
                    for j in 0..<hidden { c[j] = f[j] * previous[j] + i[j] * g[j] }
                    for j in 0..<hidden { tc[j] = GateActivations.tanh(c[j]) }
                    for j in 0..<hidden { h[j] = o[j] * tc[j]; out[j] = h[j] }
                }
            }
        }

        let finalHidden = Tensor(uninitializedShape: [batch, hidden])
        let finalCell = Tensor(uninitializedShape: [batch, hidden])
        finalHidden.pointer.update(from: states.hiddenBefore(steps), count: stateSize)
        finalCell.pointer.update(from: states.cellBefore(steps), count: stateSize)
        guard states.keepsHistory else { return (outputs, finalHidden, finalCell) }

        // The final state's gradients reach the main op through this box: the two side
        // outputs depend on `outputs`, so autograd runs their backward first.
        let finalGradients = FinalStateGradients()
        let recordedOutputs = outputs.recorded("lstm", inputs: inputs) { g in
            defer { finalGradients.clear() }
            return backward(outputGradient: g, finalHiddenGradient: finalGradients.hidden,
                            finalCellGradient: finalGradients.cell, states: states,
                            operands: (input, inputWeight, bias, recurrentWeight), lengths: lengths, reverse: reverse,
                            needsInitialState: initialHidden.requiresGrad || initialCell.requiresGrad)
        }
        let recordedHidden = finalHidden.recorded("lstmFinalHidden", inputs: [recordedOutputs]) { g in
            finalGradients.hidden = g
            return [Tensor.zeros(recordedOutputs.shape)]
        }
        let recordedCell = finalCell.recorded("lstmFinalCell", inputs: [recordedOutputs]) { g in
            finalGradients.cell = g
            return [Tensor.zeros(recordedOutputs.shape)]
        }
        return (recordedOutputs, recordedHidden, recordedCell)
    }

    /// Runs `body` over slices of the batch, one per core, each slice through all the steps.
    /// Sequences are independent, so the cores never wait on one another inside the recurrence;
    /// splitting each step's GEMM over BLAS threads instead (`[64, 64] · [64, 256]` for 2x64:
    /// microseconds of work) synchronised them twice per step and left the element-wise part on
    /// one core. BLAS runs single-threaded inside.
    static func overSequences(_ batch: Int, _ body: (Range<Int>) -> Void) {
        withSingleThreadedBLAS { parallelFor(batch, body) }
    }

    private final class FinalStateGradients {
        var hidden: Tensor?
        var cell: Tensor?
        func clear() { hidden = nil; cell = nil }
    }
}
