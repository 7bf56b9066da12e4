import Foundation

/// Storage blocks of a megabyte and more, mapped apart from malloc's heap and kept for reuse.
///
/// A training step allocates and frees the same activation-sized blocks every step. In malloc's
/// heap (kept resident by the CLI's allocator tuning) the small allocations made meanwhile split
/// the freed holes, the next step's blocks no longer fit, and the heap grows past what is live:
/// resnet8x4's training step peaked at 619 MB resident with about 430 MB of tensors live at once.
/// Here each large block has its own mapping; a freed block waits for the next request of its
/// size class or of up to half its size (eight classes per power of two, so a sequence batch a
/// few frames longer still reuses one) and is not touched by anything else. Idle blocks are
/// bounded: a request that needs a new mapping first unmaps idle blocks until live plus idle
/// bytes fit within twice the most ever live at once, so resident memory follows the live
/// peak. Thread-safe.
final class LargeBlocks {
    static let shared = LargeBlocks()

    /// Requests of at least this many bytes are served here; smaller ones by malloc.
    static let threshold = 1 << 20

    private var idle: [Int: [UnsafeMutableRawPointer]] = [:]
    private var idleBytes = 0
    private var liveBytes = 0
    private var peakLiveBytes = 0
    private let lock = NSLock()

    /// The most bytes mapped, live and idle, when a new mapping is made: idle blocks are unmapped,
    /// largest first, until what stays fits.
    static func idleLimit(peakLive: Int) -> Int { 2 * peakLive }

    deinit {
        for (size, blocks) in idle {
            for block in blocks { munmap(block, size) }
        }
    }

    /// Bytes mapped, live or idle.
    var mappedBytes: Int {
        lock.lock()
        defer { lock.unlock() }
        return liveBytes + idleBytes
    }

    /// `bytes` rounded up to its class: a multiple of an eighth of the power of two below it
    /// (at most 12.5% more; pages past the requested bytes are never touched, so not resident).
    static func sizeClass(_ bytes: Int) -> Int {
        let power = 1 << (Int.bitWidth - 1 - bytes.leadingZeroBitCount)
        let step = Swift.max(4096, power / 8)
        return (bytes + step - 1) / step * step
    }

    /// A page-aligned block of at least `bytes`, uninitialised, and its size, which
    /// ``release(_:size:)`` takes back. The smallest idle block of up to twice the request's
    /// class serves it: a network's layers ask for many different sizes, and an inference pass,
    /// whose few live tensors change class layer by layer, otherwise maps (and the kernel zeroes)
    /// fresh pages for many of them: `kdzoo bench --row mobilenetv2-0.5` faulted 81k pages
    /// with exact classes only and a bound of 1¼ the live peak, 45k with this and twice.
    func allocate(_ bytes: Int) -> (block: UnsafeMutableRawPointer, size: Int) {
        let wanted = Self.sizeClass(bytes)
        var evicted: [(block: UnsafeMutableRawPointer, size: Int)] = []
        lock.lock()
        let fitting = idle.lazy.filter { !$0.value.isEmpty && (wanted...2 * wanted).contains($0.key) }.map(\.key).min()
        if let size = fitting, let block = idle[size]?.popLast() {
            idleBytes -= size
            liveBytes += size
            peakLiveBytes = Swift.max(peakLiveBytes, liveBytes)
            lock.unlock()
            return (block, size)
        }
        liveBytes += wanted
        peakLiveBytes = Swift.max(peakLiveBytes, liveBytes)
        let limit = Self.idleLimit(peakLive: peakLiveBytes)
        while liveBytes + idleBytes > limit, let victim = idle.lazy.filter({ !$0.value.isEmpty }).map(\.key).max() {
            evicted.append((idle[victim]!.removeLast(), victim))
            idleBytes -= victim
        }
        lock.unlock()
        for (block, size) in evicted { munmap(block, size) }
        guard let block = mmap(nil, wanted, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              block != UnsafeMutableRawPointer(bitPattern: -1) else {
            fatalError("kdzoo: out of memory mapping \(wanted) bytes")
        }
        return (block, wanted)
    }

    /// Returns a block and the size ``allocate(_:)`` gave with it, for reuse.
    func release(_ block: UnsafeMutableRawPointer, size: Int) {
        lock.lock()
        defer { lock.unlock() }
        liveBytes -= size
        idle[size, default: []].append(block)
        idleBytes += size
    }
}
