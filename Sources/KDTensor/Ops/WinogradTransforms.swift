/// The transforms of Winograd minimal filtering F(4x4, 3x3) (Lavin & Gray, "Fast Algorithms
/// for Convolutional Neural Networks", 2016): a 4x4 output tile of a 3x3 convolution is
/// `Aᵀ [(G g Gᵀ) ⊙ (Bᵀ d B)] A` for the 6x6 input tile `d` and filter `g`, 36 products where
/// direct convolution needs 144.
///
/// The weight gradient runs the adjoint: `Gᵀ [Σ (A dy Aᵀ) ⊙ (Bᵀ d B)] G` over the tiles, with
/// `dy` the output gradient's 4x4 tile (Lavin & Gray's F(3x3, 4x4) written with F(4x4, 3x3)'s
/// matrices, so that the input transform is the forward pass's).
///
/// Every value is an eight-lane vector: eight channels of the same tile (input and output
/// transforms) or eight output channels of the same input channel (weight transform), so
/// one pass transforms eight tiles or filters. Each 2-D transform is the 1-D one applied to
/// the columns, then to the rows of the result, through a small scratch of vectors.
enum WinogradF43 {
    /// Output tile side.
    static let outputTile = 4
    /// Input tile side: the output tile plus the kernel's reach.
    static let inputTile = 6
    /// Points of the transformed 6x6 tile: one GEMM each.
    static let points = 36
    /// Vectors of scratch one call of a transform needs.
    static let scratchVectors = 36

    typealias Lanes = SIMD8<Float>

    /// `Bᵀ d` for one six-value column `d`.
    @inline(__always)
    private static func inputColumn(_ d0: Lanes, _ d1: Lanes, _ d2: Lanes, _ d3: Lanes, _ d4: Lanes, _ d5: Lanes)
        -> (Lanes, Lanes, Lanes, Lanes, Lanes, Lanes) {
        let a = d4 - 4 * d2, b = d3 - 4 * d1
        let c = d4 - d2, e = 2 * (d3 - d1)
        return (4 * d0 - 5 * d2 + d4, a + b, a - b, c + e, c - e, 4 * d1 - 5 * d3 + d5)
    }

    /// `Aᵀ m` for one six-value column `m`.
    @inline(__always)
    private static func outputColumn(_ m0: Lanes, _ m1: Lanes, _ m2: Lanes, _ m3: Lanes, _ m4: Lanes, _ m5: Lanes)
        -> (Lanes, Lanes, Lanes, Lanes) {
        let sum12 = m1 + m2, difference12 = m1 - m2, sum34 = m3 + m4, difference34 = m3 - m4
        return (m0 + sum12 + sum34, difference12 + 2 * difference34, sum12 + 4 * sum34, difference12 + 8 * difference34 + m5)
    }

    /// `G g` for one three-value column `g`.
    @inline(__always)
    private static func weightColumn(_ g0: Lanes, _ g1: Lanes, _ g2: Lanes) -> (Lanes, Lanes, Lanes, Lanes, Lanes, Lanes) {
        let outer = g0 + g2, ends = g0 / 24 + g2 / 6, middle = g1 / 12
        return (g0 / 4, -(outer + g1) / 6, -(outer - g1) / 6, ends + middle, ends - middle, g2)
    }

    /// `A v` for one four-value column `v` of an output gradient (the adjoint of `Aᵀ m`).
    @inline(__always)
    private static func outputGradientColumn(_ v0: Lanes, _ v1: Lanes, _ v2: Lanes, _ v3: Lanes)
        -> (Lanes, Lanes, Lanes, Lanes, Lanes, Lanes) {
        let even = v0 + v2, odd = v1 + v3
        let scaledEven = v0 + 4 * v2, scaledOdd = 2 * v1 + 8 * v3
        return (v0, even + odd, even - odd, scaledEven + scaledOdd, scaledEven - scaledOdd, v3)
    }

    /// `Gᵀ m` for one six-value column `m` of a transformed weight gradient (the adjoint of `G g`).
    @inline(__always)
    private static func weightGradientColumn(_ m0: Lanes, _ m1: Lanes, _ m2: Lanes, _ m3: Lanes, _ m4: Lanes, _ m5: Lanes)
        -> (Lanes, Lanes, Lanes) {
        let sum12 = (m1 + m2) / 6, sum34 = m3 + m4
        return (m0 / 4 - sum12 + sum34 / 24, (m2 - m1) / 6 + (m3 - m4) / 12, sum34 / 6 - sum12 + m5)
    }

    @inline(__always)
    private static func load(_ p: UnsafePointer<Float>) -> Lanes { SIMDLoops.load(p) }

    @inline(__always)
    private static func store(_ value: Lanes, _ p: UnsafeMutablePointer<Float>) { SIMDLoops.store(value, p) }

    /// `Bᵀ d B` of the 6x6 tile whose element `(k, m)` is at `tile + k·rowStride + 8m`; point
    /// `(i, j)` is stored at `transformed + (6i + j)·pointStride`.
    @inline(__always)
    static func transformInput(_ tile: UnsafePointer<Float>, rowStride: Int, scratch: UnsafeMutablePointer<Float>,
                               into transformed: UnsafeMutablePointer<Float>, pointStride: Int) {
        for m in 0..<6 {
            let column = tile + 8 * m
            let t = inputColumn(load(column), load(column + rowStride), load(column + 2 * rowStride),
                                load(column + 3 * rowStride), load(column + 4 * rowStride), load(column + 5 * rowStride))
            let target = scratch + 8 * m
            store(t.0, target); store(t.1, target + 48); store(t.2, target + 96)
            store(t.3, target + 144); store(t.4, target + 192); store(t.5, target + 240)
        }
        for i in 0..<6 {
            let row = scratch + 48 * i
            let v = inputColumn(load(row), load(row + 8), load(row + 16), load(row + 24), load(row + 32), load(row + 40))
            let target = transformed + 6 * i * pointStride
            store(v.0, target); store(v.1, target + pointStride); store(v.2, target + 2 * pointStride)
            store(v.3, target + 3 * pointStride); store(v.4, target + 4 * pointStride); store(v.5, target + 5 * pointStride)
        }
    }

    /// `G g Gᵀ` of the 3x3 filters whose tap `(k, n)` is `taps[3k + n]`; point `(i, j)` is
    /// stored at `transformed + (6i + j)·pointStride`.
    @inline(__always)
    static func transformWeight(_ taps: UnsafePointer<Lanes>, scratch: UnsafeMutablePointer<Float>,
                                into transformed: UnsafeMutablePointer<Float>, pointStride: Int) {
        for n in 0..<3 {
            let t = weightColumn(taps[n], taps[3 + n], taps[6 + n])
            let target = scratch + 8 * n
            store(t.0, target); store(t.1, target + 24); store(t.2, target + 48)
            store(t.3, target + 72); store(t.4, target + 96); store(t.5, target + 120)
        }
        for i in 0..<6 {
            let row = scratch + 24 * i
            let u = weightColumn(load(row), load(row + 8), load(row + 16))
            let target = transformed + 6 * i * pointStride
            store(u.0, target); store(u.1, target + pointStride); store(u.2, target + 2 * pointStride)
            store(u.3, target + 3 * pointStride); store(u.4, target + 4 * pointStride); store(u.5, target + 5 * pointStride)
        }
    }

    /// `Aᵀ m A + bias` of the transformed tile whose point `(i, j)` is at
    /// `transformed + (6i + j)·pointStride`; output `(r, s)` is stored at `tile + 8(4r + s)`.
    @inline(__always)
    static func transformOutput(_ transformed: UnsafePointer<Float>, pointStride: Int, bias: Lanes,
                                scratch: UnsafeMutablePointer<Float>, into tile: UnsafeMutablePointer<Float>) {
        for j in 0..<6 {
            let column = transformed + j * pointStride, step = 6 * pointStride
            let t = outputColumn(load(column), load(column + step), load(column + 2 * step),
                                 load(column + 3 * step), load(column + 4 * step), load(column + 5 * step))
            let target = scratch + 8 * j
            store(t.0, target); store(t.1, target + 48); store(t.2, target + 96); store(t.3, target + 144)
        }
        for r in 0..<4 {
            let row = scratch + 48 * r
            let y = outputColumn(load(row), load(row + 8), load(row + 16), load(row + 24), load(row + 32), load(row + 40))
            let target = tile + 32 * r
            store(y.0 + bias, target); store(y.1 + bias, target + 8); store(y.2 + bias, target + 16); store(y.3 + bias, target + 24)
        }
    }

    /// `A dy Aᵀ` of the 4x4 output-gradient tile whose element `(k, m)` is at
    /// `tile + k·rowStride + 8m`; point `(i, j)` is stored at `transformed + (6i + j)·pointStride`.
    @inline(__always)
    static func transformOutputGradient(_ tile: UnsafePointer<Float>, rowStride: Int, scratch: UnsafeMutablePointer<Float>,
                                        into transformed: UnsafeMutablePointer<Float>, pointStride: Int) {
        for m in 0..<4 {
            let column = tile + 8 * m
            let t = outputGradientColumn(load(column), load(column + rowStride), load(column + 2 * rowStride),
                                         load(column + 3 * rowStride))
            let target = scratch + 8 * m
            store(t.0, target); store(t.1, target + 32); store(t.2, target + 64)
            store(t.3, target + 96); store(t.4, target + 128); store(t.5, target + 160)
        }
        for i in 0..<6 {
            let row = scratch + 32 * i
            let v = outputGradientColumn(load(row), load(row + 8), load(row + 16), load(row + 24))
            let target = transformed + 6 * i * pointStride
            store(v.0, target); store(v.1, target + pointStride); store(v.2, target + 2 * pointStride)
            store(v.3, target + 3 * pointStride); store(v.4, target + 4 * pointStride); store(v.5, target + 5 * pointStride)
        }
    }

    /// `Gᵀ m G` of the transformed weight gradient whose point `(i, j)` is at
    /// `transformed + (6i + j)·pointStride`; tap `(k, n)` is stored in `taps[3k + n]`.
    @inline(__always)
    static func transformWeightGradient(_ transformed: UnsafePointer<Float>, pointStride: Int,
                                        scratch: UnsafeMutablePointer<Float>, into taps: UnsafeMutablePointer<Lanes>) {
        for j in 0..<6 {
            let column = transformed + j * pointStride, step = 6 * pointStride
            let t = weightGradientColumn(load(column), load(column + step), load(column + 2 * step),
                                         load(column + 3 * step), load(column + 4 * step), load(column + 5 * step))
            let target = scratch + 8 * j
            store(t.0, target); store(t.1, target + 48); store(t.2, target + 96)
        }
        for k in 0..<3 {
            let row = scratch + 48 * k
            let w = weightGradientColumn(load(row), load(row + 8), load(row + 16), load(row + 24), load(row + 32), load(row + 40))
            taps[3 * k] = w.0
            taps[3 * k + 1] = w.1
            taps[3 * k + 2] = w.2
        }
    }
}
