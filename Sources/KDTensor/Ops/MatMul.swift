import CBLAS

// Matrix products on OpenBLAS.

/// `C = op(A) · op(B)` for row-major matrices given by pointer, where `op` optionally transposes.
/// `A` is `m x k` after `op`, `B` is `k x n` after `op`; `C` (`m x n`) is overwritten, or
/// accumulated into when `accumulate` is set.
@inlinable
public func gemm(_ a: UnsafePointer<Float>, transposeA: Bool, _ b: UnsafePointer<Float>, transposeB: Bool,
                 into c: UnsafeMutablePointer<Float>, m: Int, n: Int, k: Int, accumulate: Bool = false) {
    cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k), 1, a, Int32(transposeA ? m : k), b, Int32(transposeB ? k : n),
                accumulate ? 1 : 0, c, Int32(n))
}

extension Tensor {
    /// The matrix product of the last two axes, with optional transposes and batch
    /// broadcasting: `[..., m, k] · [..., k, n] -> [..., m, n]`; a rank-2 operand is shared
    /// by every batch entry of the other.
    public func matmul(_ other: Tensor, transposeSelf: Bool = false, transposeOther: Bool = false) -> Tensor {
        let a = self, b = other
        precondition(a.rank >= 2 && b.rank >= 2,
                     "matmul needs matrices, got \(Shape.describe(a.shape)) and \(Shape.describe(b.shape))")
        let (m, k) = transposeSelf ? (a.shape[a.rank - 1], a.shape[a.rank - 2]) : (a.shape[a.rank - 2], a.shape[a.rank - 1])
        let (k2, n) = transposeOther ? (b.shape[b.rank - 1], b.shape[b.rank - 2]) : (b.shape[b.rank - 2], b.shape[b.rank - 1])
        precondition(k == k2, "matmul: inner sizes differ, \(Shape.describe(a.shape)) · \(Shape.describe(b.shape))")
        let batchA = Array(a.shape.dropLast(2)), batchB = Array(b.shape.dropLast(2))
        precondition(batchA.isEmpty || batchB.isEmpty || batchA == batchB,
                     "matmul: batch shapes \(Shape.describe(batchA)) and \(Shape.describe(batchB)) differ")
        let batchShape = batchA.isEmpty ? batchB : batchA
        let batch = Shape.count(batchShape)
        let result = Tensor(uninitializedShape: batchShape + [m, n])
        let strideA = batchA.isEmpty ? 0 : m * k, strideB = batchB.isEmpty ? 0 : k * n
        if strideB == 0, !transposeSelf, batch > 1 {
            // Shared right operand: one GEMM over all batch rows at once.
            gemm(a.pointer, transposeA: false, b.pointer, transposeB: transposeOther,
                 into: result.pointer, m: batch * m, n: n, k: k)
        } else {
            for i in 0..<batch {
                gemm(a.pointer + i * strideA, transposeA: transposeSelf, b.pointer + i * strideB, transposeB: transposeOther,
                     into: result.pointer + i * m * n, m: m, n: n, k: k)
            }
        }
        return result.recorded("matmul", inputs: [a, b]) { g in
            // dA = g · op(B)ᵀ, dB = op(A)ᵀ · g, each summed over a shared operand's batch.
            var gradA: Tensor?, gradB: Tensor?
            if a.requiresGrad {
                let full = transposeSelf
                    ? b.matmul(g, transposeSelf: transposeOther, transposeOther: true)
                    : g.matmul(b, transposeSelf: false, transposeOther: !transposeOther)
                gradA = batchA.isEmpty && !batchShape.isEmpty ? full.sum(alongAxes: Array(0..<batchShape.count)) : full
            }
            if b.requiresGrad {
                let full = transposeOther
                    ? g.matmul(a, transposeSelf: true, transposeOther: transposeSelf)
                    : a.matmul(g, transposeSelf: !transposeSelf, transposeOther: false)
                gradB = batchB.isEmpty && !batchShape.isEmpty ? full.sum(alongAxes: Array(0..<batchShape.count)) : full
            }
            return [gradA, gradB]
        }
    }
}
