import Foundation

/// Splits a batch over the cores, with OpenBLAS single-threaded inside the workers.
///
/// Convolutions issue one modest GEMM per sample; spreading samples over the cores beats
/// letting OpenBLAS split each small GEMM, and two levels of threads would oversubscribe
/// the machine. The batch is cut into a few pieces per core, handed out as workers free
/// up, so a core slowed by another process does not hold everyone up; pieces hold at least
/// `grain` samples (the samples one GEMM covers). `body` runs once per piece (take scratch
/// memory per call, not per sample). With a single piece or core, `body` runs inline and
/// BLAS keeps its own threads. Not re-entrant across threads: kdzoo runs one op at a time.
func parallelOverBatch(_ count: Int, grain: Int = 1, _ body: (Range<Int>) -> Void) {
    let cores = ProcessorCount.value
    let pieces = min(count / max(grain, 1), 4 * cores)
    guard pieces > 1, cores > 1 else {
        body(0..<count)
        return
    }
    withSingleThreadedBLAS {
        withoutActuallyEscaping(body) { body in
            DispatchQueue.concurrentPerform(iterations: pieces) { piece in
                body(count * piece / pieces..<count * (piece + 1) / pieces)
            }
        }
    }
}
