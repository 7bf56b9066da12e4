import Synchronization

/// Bytes held by live ``TensorStorage`` blocks (tensors and kernel scratch), and their peak.
///
/// Peak resident memory mixes the tensors a step keeps alive with the allocator's and the
/// libraries' own; this counts only the former, so tests can bound what a training step holds
/// at once and profiling can say where a peak comes from. One atomic add per allocation.
public enum TensorMemory {
    private static let live = Atomic<Int>(0)
    private static let peak = Atomic<Int>(0)

    /// Bytes of tensor storage allocated and not yet freed.
    public static var liveBytes: Int { live.load(ordering: .relaxed) }

    /// The largest ``liveBytes`` since start-up or the last ``resetPeak()``.
    public static var peakBytes: Int { peak.load(ordering: .relaxed) }

    /// Bytes mapped for blocks of a megabyte and more, in use or kept idle for reuse.
    public static var largeBlockBytes: Int { LargeBlocks.shared.mappedBytes }

    /// Starts a new peak from the bytes live now.
    public static func resetPeak() {
        peak.store(live.load(ordering: .relaxed), ordering: .relaxed)
    }

    static func allocated(_ bytes: Int) {
        let now = live.wrappingAdd(bytes, ordering: .relaxed).newValue
        var seen = peak.load(ordering: .relaxed)
        while now > seen {
            let (exchanged, current) = peak.compareExchange(expected: seen, desired: now, ordering: .relaxed)
            if exchanged { break }
            seen = current
        }
    }

    static func freed(_ bytes: Int) {
        live.wrappingSubtract(bytes, ordering: .relaxed)
    }
}
