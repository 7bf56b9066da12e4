import KDTensor

extension Tensor {
    /// `self · weightᵀ + bias` over the last axis: `[..., in] -> [..., out]` for a weight
    /// `[out, in]` and a bias `[out]`, as one recorded op (one GEMM each way; the bias is
    /// folded into the forward GEMM and its gradient is a column sum).
    public func linear(weight: Tensor, bias: Tensor?) -> Tensor {
        precondition(weight.rank == 2 && rank >= 1 && shape[rank - 1] == weight.shape[1],
                     "linear: input \(Shape.describe(shape)) does not fit weight \(Shape.describe(weight.shape))")
        let (outFeatures, inFeatures) = (weight.shape[0], weight.shape[1])
        if let bias {
            precondition(bias.shape == [outFeatures], "linear: bias \(Shape.describe(bias.shape)) should be \(outFeatures)")
        }
        let rows = count / Swift.max(inFeatures, 1)
        let result = Tensor(uninitializedShape: Array(shape.dropLast()) + [outFeatures])
        if let bias {
            for row in 0..<rows { (result.pointer + row * outFeatures).update(from: bias.pointer, count: outFeatures) }
        }
        gemm(pointer, transposeA: false, weight.pointer, transposeB: true, into: result.pointer,
             m: rows, n: outFeatures, k: inFeatures, accumulate: bias != nil)

        let input = self
        return result.recorded("linear", inputs: [input, weight] + (bias.map { [$0] } ?? [])) { g in
            var gradInput: Tensor?, gradWeight: Tensor?, gradBias: Tensor?
            if input.requiresGrad {
                gradInput = Tensor(uninitializedShape: input.shape)
                gemm(g.pointer, transposeA: false, weight.pointer, transposeB: false, into: gradInput!.pointer,
                     m: rows, n: inFeatures, k: outFeatures)
            }
            if weight.requiresGrad {
                gradWeight = Tensor(uninitializedShape: weight.shape)
                gemm(g.pointer, transposeA: true, input.pointer, transposeB: false, into: gradWeight!.pointer,
                     m: outFeatures, n: inFeatures, k: rows)
            }
            if let bias, bias.requiresGrad {
                gradBias = g.columnSums(columns: outFeatures)
            }
            return [gradInput, gradWeight, gradBias]
        }
    }

    /// The sum of each column when this tensor is viewed as `[rows, columns]` (no recording).
    func columnSums(columns: Int) -> Tensor {
        let result = Tensor.zeros([columns])
        let source = pointer, target = result.pointer
        for row in 0..<(count / Swift.max(columns, 1)) {
            let line = source + row * columns
            for j in 0..<columns { target[j] += line[j] }
        }
        return result
    }
}
