import CBLAS

/// Runs `body` with OpenBLAS on a single thread, restoring the previous count afterwards.
///
/// For work that is parallel at a coarser level already (see ``parallelOverBatch(_:grain:_:)``),
/// or a long chain of GEMMs too small to split: an LSTM step's `[64, 64] · [64, 256]` product
/// takes microseconds, less than waking a second BLAS thread, which then spins in
/// `sched_yield` between steps.
public func withSingleThreadedBLAS<Result>(_ body: () throws -> Result) rethrows -> Result {
    let previous = openblas_get_num_threads()
    openblas_set_num_threads(1)
    defer { openblas_set_num_threads(previous) }
    return try body()
}
