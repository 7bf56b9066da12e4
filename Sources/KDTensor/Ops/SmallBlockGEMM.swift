import CBLAS

/// `C = op(A) · B` (or `C += op(A) · B` when `accumulate` is set) for row-major matrices,
/// computed as a grid of OpenBLAS calls of at most 32 rows, 64 columns and a depth of 256 each.
/// `op(A)` is `m x k`: `A` itself, or with `transposeA` the transpose of a stored `k x m`
/// matrix. `B` is `k x n` and `C` is `m x n`. Each matrix's stored rows are its row stride
/// apart (`aRowStride`, `bRowStride`, `cRowStride`; by default the rows' length).
///
/// For products with few rows against a large operand that is used again and again — a
/// recurrence multiplying each step's state by the same weight — this is faster than one call.
/// OpenBLAS packs both operands before a GEMM, so one call per step re-packs the whole weight
/// every step; products of up to about 10⁶ multiply-adds it runs instead through kernels that
/// read the operands in place. Single-threaded on this machine (AVX-512 EPYC, OpenBLAS 0.3.21),
/// `[32, 256] · [256, 1024]` ran at 67 GFLOP/s as one call and 108 as blocks, `[32, 1024] ·
/// [1024, 256]` at 85 and 113; a 64-column block is the kernels' best width, and 32 x 64 x 256
/// keeps a block at half the limit. `A` may be transposed (`[32, 1024]ᵀ · [32, 256]` in blocks:
/// 107), `B` may not: transposed, the same blocks ran at 76. OpenBLAS 0.3.21 has these kernels
/// for AVX-512 only; elsewhere it packs as usual and the grid costs a little (the first product
/// with `OPENBLAS_CORETYPE=Haswell`: 87 GFLOP/s as one call, 84 as blocks).
public func gemmInSmallBlocks(_ a: UnsafePointer<Float>, transposeA: Bool = false, aRowStride: Int? = nil,
                              _ b: UnsafePointer<Float>, bRowStride: Int? = nil,
                              into c: UnsafeMutablePointer<Float>, cRowStride: Int? = nil,
                              m: Int, n: Int, k: Int, accumulate: Bool = false) {
    let lda = aRowStride ?? (transposeA ? m : k), ldb = bRowStride ?? n, ldc = cRowStride ?? n
    let (rowBlock, columnBlock, depthBlock) = (32, 64, 256)
    for row in stride(from: 0, to: m, by: rowBlock) {
        let rows = min(rowBlock, m - row)
        for column in stride(from: 0, to: n, by: columnBlock) {
            let columns = min(columnBlock, n - column)
            for depth in stride(from: 0, to: k, by: depthBlock) {
                cblas_sgemm(CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, CblasNoTrans,
                            Int32(rows), Int32(columns), Int32(min(depthBlock, k - depth)), 1,
                            a + (transposeA ? depth * lda + row : row * lda + depth), Int32(lda),
                            b + depth * ldb + column, Int32(ldb),
                            depth == 0 && !accumulate ? 0 : 1, c + row * ldc + column, Int32(ldc))
            }
        }
    }
}
