import KDTensor

extension LSTMRecurrence {
    /// Back-propagation through time. Returns the gradients of the op's inputs in their order
    /// (input, `W_ih`, bias, `W_hh`, initial hidden and cell state), `nil` where none is needed.
    ///
    /// Each step's gate gradients `dG` (`[N, 4H]`) are used up within the step, by each core
    /// for its slice of the batch: `dh = dG · W_hh`, `dx_t = dG · W_ih`, and the parameter
    /// gradients `dW_hh += dGᵀ · h`, `dW_ih += dGᵀ · x_t`, `db += Σ dG` into the core's own
    /// partial sums, all as small-block GEMMs. Gathering every step's `dG` for one GEMM per
    /// parameter over all `N·T` rows instead kept them all (26 MB for 64 sequences of 100 steps
    /// at 256 units, and again in the input's `[N, T]` order for `W_ih`), and OpenBLAS packed them
    /// for each product: those GEMMs and copies were 30% of a `perf` profile of the lstm-2x64
    /// bench row, inference and training together.
    static func backward(outputGradient: Tensor, finalHiddenGradient: Tensor?, finalCellGradient: Tensor?, states: LSTMStates,
                         operands: (input: Tensor, inputWeight: Tensor, bias: Tensor, recurrentWeight: Tensor),
                         lengths: [Int], reverse: Bool, needsInitialState: Bool) -> [Tensor?] {
        let (input, inputWeight, bias, recurrentWeight) = operands
        let (batch, steps, hidden) = (outputGradient.shape[0], outputGradient.shape[1], outputGradient.shape[2])
        let features = input.shape[2], gateWidth = 4 * hidden
        let dh = finalHiddenGradient?.copy() ?? Tensor.zeros([batch, hidden])
        let dc = finalCellGradient?.copy() ?? Tensor.zeros([batch, hidden])
        let dhFromGates = Tensor(uninitializedShape: [batch, hidden])
        let gateGradients = Tensor(uninitializedShape: [batch, gateWidth])
        let inputGradient = input.requiresGrad ? Tensor(uninitializedShape: input.shape) : nil
        // Each core's partial sums: dW_hh, then dW_ih, then db.
        let (recurrentSize, inputSize) = (gateWidth * hidden, gateWidth * features)
        let sums = OrderedPartialSums(count: recurrentSize + inputSize + gateWidth)
        let gy = outputGradient.pointer, x = input.pointer

        overSequences(batch) { rows in
            sums.accumulate(key: rows.lowerBound) { partial in
                let dG = gateGradients.pointer + rows.lowerBound * gateWidth
                for s in stride(from: steps - 1, through: 0, by: -1) {
                    let t = reverse ? steps - 1 - s : s
                    let a = states.gates(s), tanhC = states.cellTanh(s), cPrev = states.cellBefore(s)
                    for n in rows {
                        let row = n * hidden, gate = a + n * gateWidth, dGate = gateGradients.pointer + n * gateWidth
                        guard t < lengths[n] else {
                            // A padded step passes the state gradient through untouched.
                            dGate.update(repeating: 0, count: gateWidth)
                            continue
                        }
                        // Separate passes with few pointers each, so that every loop vectorises.
                        let dOut = gy + (n * steps + t) * hidden, dhRow = dh.pointer + row, dcRow = dc.pointer + row
                        let i = gate, f = gate + hidden, g = gate + 2 * hidden, o = gate + 3 * hidden
                        let tc = tanhC + row, previous = cPrev + row
                        for j in 0..<hidden { dhRow[j] += dOut[j] }
                        for j in 0..<hidden { dcRow[j] += dhRow[j] * o[j] * (1 - tc[j] * tc[j]) }
                        let di = dGate, df = dGate + hidden, dg = dGate + 2 * hidden, dO = dGate + 3 * hidden
                        for j in 0..<hidden { dO[j] = dhRow[j] * tc[j] * o[j] * (1 - o[j]) }
                        for j in 0..<hidden { di[j] = dcRow[j] * g[j] * i[j] * (1 - i[j]) }
                        for j in 0..<hidden { df[j] = dcRow[j] * previous[j] * f[j] * (1 - f[j]) }
                        for j in 0..<hidden { dg[j] = dcRow[j] * i[j] * (1 - g[j] * g[j]) }
                        for j in 0..<hidden { dcRow[j] *= f[j] }
                    }
                    let inputRows = (rows.lowerBound * steps + t) * features
                    if recurrentWeight.requiresGrad {
                        gemmInSmallBlocks(dG, transposeA: true, aRowStride: gateWidth, states.hiddenBefore(s) + rows.lowerBound * hidden,
                                          into: partial, m: gateWidth, n: hidden, k: rows.count, accumulate: true)
                    }
                    if inputWeight.requiresGrad {
                        gemmInSmallBlocks(dG, transposeA: true, aRowStride: gateWidth, x + inputRows, bRowStride: steps * features,
                                          into: partial + recurrentSize, m: gateWidth, n: features, k: rows.count, accumulate: true)
                    }
                    if bias.requiresGrad {
                        let db = partial + recurrentSize + inputSize
                        for n in 0..<rows.count {
                            let row = dG + n * gateWidth
                            for j in 0..<gateWidth { db[j] += row[j] }
                        }
                    }
                    if let inputGradient {
                        gemmInSmallBlocks(dG, inputWeight.pointer, into: inputGradient.pointer + inputRows,
                                          cRowStride: steps * features, m: rows.count, n: features, k: gateWidth)
                    }
                    gemmInSmallBlocks(dG, recurrentWeight.pointer, into: dhFromGates.pointer + rows.lowerBound * hidden,
                                      m: rows.count, n: hidden, k: gateWidth)
                    for n in rows where t < lengths[n] {
                        (dh.pointer + n * hidden).update(from: dhFromGates.pointer + n * hidden, count: hidden)
                    }
                }
            }
        }

        func total(_ operand: Tensor, at offset: Int) -> Tensor? {
            guard operand.requiresGrad else { return nil }
            let gradient = Tensor.zeros(operand.shape)
            sums.add(into: gradient.pointer, from: offset, count: gradient.count)
            return gradient
        }
        return [inputGradient, total(inputWeight, at: recurrentSize), total(bias, at: recurrentSize + inputSize),
                total(recurrentWeight, at: 0), needsInitialState ? dh : nil, needsInitialState ? dc : nil]
    }
}
