import CBLAS
import Foundation

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

/// Lets OpenBLAS's worker threads go to sleep as soon as a multi-threaded call ends, unless
/// the environment sets `OPENBLAS_THREAD_TIMEOUT` itself; returns whether it changed anything.
///
/// By default an idle worker spins in `sched_yield` for 2^28 cycles (about a tenth of a
/// second) after each GEMM. kdzoo's own kernels run on the same two cores right after many
/// GEMMs (an LSTM's input projection, then its recurrence on threads of its own), and the
/// spinning worker took their time: scheduler and `sched_yield` were a tenth of an LSTM
/// profile, and lstm-2x256 inference measured 582–652 seq/s with the default and 758–759 with
/// `OPENBLAS_THREAD_TIMEOUT=4` (2^4 cycles). OpenBLAS reads the setting when its thread pool
/// starts, so this sets it, has OpenBLAS read its environment again and stops the pool, which
/// the next multi-threaded call starts anew. Call it once at start-up, before other threads
/// use BLAS.
@discardableResult
public func letIdleBLASThreadsSleep() -> Bool {
    guard getenv("OPENBLAS_THREAD_TIMEOUT") == nil,
          let readEnvironment = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "openblas_read_env"),
          let stopThreads = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "blas_thread_shutdown_") else { return false }
    setenv("OPENBLAS_THREAD_TIMEOUT", "4", 1)
    unsafeBitCast(readEnvironment, to: (@convention(c) () -> Void).self)()
    _ = unsafeBitCast(stopThreads, to: (@convention(c) () -> Int32).self)()
    return true
}
