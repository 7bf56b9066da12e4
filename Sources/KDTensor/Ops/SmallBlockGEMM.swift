import CBLAS

/// `C = A · B` (or `C += A · B` when `accumulate` is set) for row-major `A` (`m x k`, rows
/// `rowStride` apart, `k` by default) and `B` (`k x n`), computed as a grid of OpenBLAS calls
/// of at most 32 rows, 64 columns and a depth of 256 each.
///
/// For products with few rows against a large operand that is used again and again — a
/// recurrence multiplying each step's state by the same weight — this is faster than one call.
/// OpenBLAS packs both operands before a GEMM, so one call per step re-packs the whole weight
/// every step; products of up to about 10⁶ multiply-adds it runs instead through kernels that
/// read the operands in place (on AVX-512, where 0.3.21 has them; elsewhere it packs as usual
/// and the grid costs a few percent). Single-threaded on this machine (AVX-512 EPYC, OpenBLAS
/// 0.3.21), `[32, 256] · [256, 1024]` ran at 67 GFLOP/s as one call and 108 as blocks,
/// `[32, 1024] · [1024, 256]` at 85 and 113; a 64-column block is the kernels' best width, and
/// 32 x 64 x 256 keeps a block at half the limit. Only untransposed operands qualify: with
/// `B` transposed the same blocks ran at 76.
public func gemmInSmallBlocks(_ a: UnsafePointer<Float>, rowStride: Int? = nil, _ b: UnsafePointer<Float>,
                              into c: UnsafeMutablePointer<Float>, m: Int, n: Int, k: Int, accumulate: Bool = false) {
    let lda = rowStride ?? k
    let (rowBlock, columnBlock, depthBlock) = (32, 64, 256)
    for row in stride(from: 0, to: m, by: rowBlock) {
        let rows = min(rowBlock, m - row)
        for column in stride(from: 0, to: n, by: columnBlock) {
            let columns = min(columnBlock, n - column)
            for depth in stride(from: 0, to: k, by: depthBlock) {
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans,
                            Int32(rows), Int32(columns), Int32(min(depthBlock, k - depth)), 1,
                            a + row * lda + depth, Int32(lda), b + depth * n + column, Int32(n),
                            depth == 0 && !accumulate ? 0 : 1, c + row * n + column, Int32(n))
            }
        }
    }
}
