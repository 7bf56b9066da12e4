/// A run of consecutive samples that share one GEMM: their per-sample matrices
/// `[rows, plane]` laid side by side as one `[rows, count·plane]` matrix.
///
/// A convolution over small images (8x8 and below, as in late ResNet and MobileNet
/// stages) gives per-sample GEMMs only a few dozen columns wide, far below OpenBLAS's
/// speed; a block of samples widens them at the cost of one copy in and out.
struct SampleBlock {
    let start: Int
    let count: Int
    let plane: Int

    /// Columns of the block matrix.
    var width: Int { count * plane }

    /// `samples` cut into blocks of at most `size` samples.
    static func blocks(of samples: Range<Int>, size: Int, plane: Int) -> [SampleBlock] {
        stride(from: samples.lowerBound, to: samples.upperBound, by: size).map { start in
            SampleBlock(start: start, count: Swift.min(size, samples.upperBound - start), plane: plane)
        }
    }

    /// The block's samples of `base` (sample `n` at `base + n·sampleStride`, `[rows, plane]` each)
    /// as one matrix: the sample itself when the block holds one, otherwise copied into `scratch`.
    func matrix(_ base: UnsafePointer<Float>, sampleStride: Int, rows: Int,
                scratch: UnsafeMutablePointer<Float>) -> UnsafePointer<Float> {
        if count == 1 { return base + start * sampleStride }
        for s in 0..<count {
            let sample = base + (start + s) * sampleStride
            for r in 0..<rows { (scratch + r * width + s * plane).update(from: sample + r * plane, count: plane) }
        }
        return UnsafePointer(scratch)
    }

    /// Copies a block matrix `[rows, width]` back to the samples' own `[rows, plane]` matrices,
    /// adding `bias[r]` to row `r` when given.
    func scatter(_ matrix: UnsafePointer<Float>, rows: Int, into base: UnsafeMutablePointer<Float>, sampleStride: Int,
                 bias: UnsafePointer<Float>?) {
        for s in 0..<count {
            let sample = base + (start + s) * sampleStride
            for r in 0..<rows {
                let source = matrix + r * width + s * plane, target = sample + r * plane
                let shift = bias?[r] ?? 0
                for i in 0..<plane { target[i] = source[i] + shift }
            }
        }
    }
}
