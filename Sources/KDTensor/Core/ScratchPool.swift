import Foundation

/// Reusable scratch memory for kernels: im2col columns, per-worker partial sums.
///
/// A convolution needs a column buffer of a few hundred kilobytes per worker on every
/// call; allocating it afresh maps and faults in new pages each time. The pool keeps
/// a handful of returned buffers and hands out the smallest one that is large enough,
/// so a training loop settles on reusing the same memory. Thread-safe.
final class ScratchPool {
    static let shared = ScratchPool()

    /// Enough for every worker of two nested kernels; beyond this, returned buffers are dropped.
    private let capacity = 2 * ProcessorCount.value + 2
    private var idle: [TensorStorage] = []
    private let lock = NSLock()

    /// Runs `body` with at least `count` uninitialised floats, 64-byte aligned.
    func withBuffer<Result>(count: Int, _ body: (UnsafeMutablePointer<Float>) -> Result) -> Result {
        let storage = take(count)
        defer { giveBack(storage) }
        return body(storage.pointer)
    }

    private func take(_ count: Int) -> TensorStorage {
        lock.lock()
        defer { lock.unlock() }
        var best: Int?
        for (i, buffer) in idle.enumerated() where buffer.count >= count {
            if best == nil || buffer.count < idle[best!].count { best = i }
        }
        if let best { return idle.remove(at: best) }
        return TensorStorage(uninitializedCount: count)
    }

    private func giveBack(_ storage: TensorStorage) {
        lock.lock()
        defer { lock.unlock() }
        idle.append(storage)
        if idle.count > capacity, let smallest = idle.indices.min(by: { idle[$0].count < idle[$1].count }) {
            idle.remove(at: smallest)
        }
    }
}
