/// A region of eight channels of one sample, interleaved for the Winograd transforms:
/// element `(y, x)` of channel `first + lane` at `y·rowStride + 8x + lane`, `y` and `x` counted
/// from the region's top-left corner. The region covers the plane shifted by `top` rows and
/// `left` columns of zeros and is zero wherever the plane does not reach, so that every tile
/// reads a whole 6x6 (input) or 4x4 (output gradient) square.
struct InterleavedPatch {
    /// The source plane's size.
    let planeHeight: Int
    let planeWidth: Int
    /// Zero rows and columns before the plane (the convolution's padding).
    let top: Int
    let left: Int
    /// The region's size.
    let rows: Int
    let columns: Int

    var rowStride: Int { 8 * columns }
    var size: Int { rows * rowStride }

    /// Channels `first..<first+8` of `sample` (`channels` planes of `planeHeight x planeWidth`)
    /// into `patch`; channels past `channels` are zero.
    func gather(_ sample: UnsafePointer<Float>, channels: Int, first: Int, into patch: UnsafeMutablePointer<Float>) {
        let count = Swift.min(8, channels - first)
        let planeRows = Swift.max(0, Swift.min(planeHeight, rows - top))
        let planeColumns = Swift.max(0, Swift.min(planeWidth, columns - left))
        if count < 8 {
            patch.update(repeating: 0, count: size)
        } else {
            patch.update(repeating: 0, count: top * rowStride)
            (patch + (top + planeRows) * rowStride).update(repeating: 0, count: (rows - top - planeRows) * rowStride)
            for y in top..<(top + planeRows) {
                let line = patch + y * rowStride
                line.update(repeating: 0, count: 8 * left)
                (line + 8 * (left + planeColumns)).update(repeating: 0, count: rowStride - 8 * (left + planeColumns))
            }
        }
        let plane = planeHeight * planeWidth, source = sample + first * plane
        // Runs of eight columns of all eight channels as one transposed 8x8 block.
        let vectorColumns = count == 8 ? planeColumns / 8 * 8 : 0
        withUnsafeTemporaryAllocation(of: SIMD8<Float>.self, capacity: 16) { buffer in
            let block = buffer.baseAddress!
            for y in 0..<planeRows {
                let line = source + y * planeWidth, target = patch + (top + y) * rowStride + 8 * left
                for x in stride(from: 0, to: vectorColumns, by: 8) {
                    for lane in 0..<8 { block[lane] = SIMDLoops.load(line + lane * plane + x) }
                    let columnsOfBlock = Self.transpose8x8(block)
                    for k in 0..<8 { SIMDLoops.store(columnsOfBlock[k], target + 8 * (x + k)) }
                }
                for lane in 0..<count {
                    for x in vectorColumns..<planeColumns { target[8 * x + lane] = line[lane * plane + x] }
                }
            }
        }
    }

    /// Transposes the 8x8 matrix whose rows are `rows[0..<8]` by three rounds of splitting
    /// each pair of rows into its even and odd elements; returns the transpose's rows, in
    /// `rows[8..<16]`.
    @inline(__always)
    static func transpose8x8(_ rows: UnsafeMutablePointer<SIMD8<Float>>) -> UnsafeMutablePointer<SIMD8<Float>> {
        var source = rows, target = rows + 8
        for _ in 0..<3 {
            for i in 0..<4 {
                let pair = SIMD16(lowHalf: source[2 * i], highHalf: source[2 * i + 1])
                target[i] = pair.evenHalf
                target[i + 4] = pair.oddHalf
            }
            swap(&source, &target)
        }
        return source
    }
}
