import Foundation

/// Splits `0..<count` over the machine's cores and runs `body` on each chunk.
///
/// Used by kernels that parallelise over the batch where OpenBLAS is not already
/// parallel. Runs inline when the work is too small to be worth a thread hop.
@inlinable
public func parallelFor(_ count: Int, minimumChunk: Int = 1, _ body: (Range<Int>) -> Void) {
    let workers = min(ProcessorCount.value, max(1, count / max(minimumChunk, 1)))
    if workers <= 1 {
        body(0..<count)
        return
    }
    withoutActuallyEscaping(body) { body in
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let start = count * worker / workers
            let end = count * (worker + 1) / workers
            if start < end { body(start..<end) }
        }
    }
}

/// The number of cores kernels spread work over.
public enum ProcessorCount {
    public static let value: Int = ProcessInfo.processInfo.activeProcessorCount
}
