import CBLAS

/// Splits a batch over the cores, with OpenBLAS single-threaded inside the workers.
///
/// Convolutions issue one modest GEMM per sample; spreading samples over the cores beats
/// letting OpenBLAS split each small GEMM, and two levels of threads would oversubscribe
/// the machine. With a single worker (one sample, one core) BLAS keeps its own threads.
/// Not re-entrant across threads: kdzoo runs one op at a time.
func parallelOverBatch(_ count: Int, _ body: (Range<Int>) -> Void) {
    guard count > 1, ProcessorCount.value > 1 else {
        body(0..<count)
        return
    }
    let previous = openblas_get_num_threads()
    openblas_set_num_threads(1)
    defer { openblas_set_num_threads(previous) }
    parallelFor(count, body)
}
