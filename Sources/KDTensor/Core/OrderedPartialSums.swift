import Foundation

/// Partial sums of a loop that runs in pieces on several cores, added up in a fixed order.
///
/// Each piece sums into its own zeroed buffer, keyed by where it starts (its first sample or
/// row); ``add(into:from:count:)`` adds the buffers in key order, so the total — and a resumed
/// training run — does not depend on which core finished first.
public final class OrderedPartialSums: @unchecked Sendable {
    private let count: Int
    private let lock = NSLock()
    private var pieces: [(key: Int, values: [Float])] = []

    /// Sums of `count` values per piece.
    public init(count: Int) {
        self.count = count
    }

    /// Runs `body` on a zeroed buffer of `count` values for the piece `key` and keeps it.
    public func accumulate(key: Int, _ body: (UnsafeMutablePointer<Float>) -> Void) {
        var values = [Float](repeating: 0, count: count)
        values.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
        lock.lock()
        defer { lock.unlock() }
        pieces.append((key, values))
    }

    /// `target[i] += piece[offset + i]` for `i` in `0..<count`, piece by piece in key order.
    public func add(into target: UnsafeMutablePointer<Float>, from offset: Int, count: Int) {
        for piece in pieces.sorted(by: { $0.key < $1.key }) {
            piece.values.withUnsafeBufferPointer { values in
                for i in 0..<count { target[i] += values[offset + i] }
            }
        }
    }
}
