/// What a convolution or batch norm does to each block of its output right after writing it,
/// while the block is still in cache: add a residual (a block's shortcut), then clamp (a ReLU).
/// Each is a pass over the whole output otherwise, by then out of cache.
struct OutputEpilogue {
    /// Values to add, laid out as the output.
    var residual: UnsafePointer<Float>?
    var clamp: OutputClamp?

    static let none = OutputEpilogue(residual: nil, clamp: nil)
    /// A ReLU and nothing else.
    static let rectified = OutputEpilogue(residual: nil, clamp: .relu)

    /// Applies to `output[offset..<offset + count]`.
    func apply(to output: UnsafeMutablePointer<Float>, offset: Int, count: Int) {
        let target = output + offset
        guard let residual else {
            clamp?.apply(target, count: count)
            return
        }
        let source = residual + offset
        if let clamp {
            let (low, high) = (clamp.low, clamp.high)
            for i in 0..<count { target[i] = Swift.min(Swift.max(target[i] + source[i], low), high) }
        } else {
            for i in 0..<count { target[i] += source[i] }
        }
    }
}
