import KDTensor

/// The standard CIFAR augmentation: a random crop of the image padded with zeros by
/// `padding` pixels on each side, and a horizontal flip with probability one half.
public struct ImageAugmentation: Equatable, Sendable {
    public var padding: Int
    public var horizontalFlip: Bool

    public init(padding: Int = 4, horizontalFlip: Bool = true) {
        self.padding = padding
        self.horizontalFlip = horizontalFlip
    }

    /// Augments an `[N, C, H, W]` batch in place, drawing from `generator`.
    public func apply(to batch: Tensor, using generator: inout SeededGenerator) {
        precondition(batch.rank == 4, "image augmentation needs [N, C, H, W], got \(Shape.describe(batch.shape))")
        let (n, c, h, w) = (batch.shape[0], batch.shape[1], batch.shape[2], batch.shape[3])
        var plane = [Float](repeating: 0, count: h * w)
        for sample in 0..<n {
            let dy = Int(generator.next() % UInt64(2 * padding + 1)) - padding
            let dx = Int(generator.next() % UInt64(2 * padding + 1)) - padding
            let flip = horizontalFlip && generator.next() & 1 == 1
            for channel in 0..<c {
                let base = batch.pointer + (sample * c + channel) * h * w
                plane.withUnsafeMutableBufferPointer { out in
                    for y in 0..<h {
                        let sy = y + dy
                        for x in 0..<w {
                            let sx = (flip ? w - 1 - x : x) + dx
                            out[y * w + x] = sy >= 0 && sy < h && sx >= 0 && sx < w ? base[sy * w + sx] : 0
                        }
                    }
                    base.update(from: out.baseAddress!, count: h * w)
                }
            }
        }
    }
}
