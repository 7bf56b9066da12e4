import KDTensor
import XCTest

/// The blocked product equals a double-precision one on shapes that end mid-block in every
/// dimension, with `A` as stored or transposed, strided rows and accumulation.
final class SmallBlockGEMMTests: XCTestCase {
    private struct Case {
        let m: Int, n: Int, k: Int
        var transposeA = false
        var aPadding = 0, bPadding = 0, cPadding = 0
        var accumulate = false
    }

    func testMatchesADoublePrecisionProductAcrossPartialBlocks() {
        let cases = [Case(m: 1, n: 1, k: 1), Case(m: 32, n: 64, k: 256), Case(m: 70, n: 150, k: 600),
                     Case(m: 5, n: 1030, k: 40, aPadding: 3, cPadding: 2),
                     Case(m: 90, n: 40, k: 300, transposeA: true, aPadding: 7, bPadding: 4, accumulate: true),
                     Case(m: 33, n: 65, k: 257, transposeA: true, cPadding: 5)]
        var generator = SeededGenerator(seed: 21)
        for test in cases {
            let (m, n, k) = (test.m, test.n, test.k)
            // A is stored as `storedRows` rows of `storedLength` values, `aRowStride` apart.
            let (storedRows, storedLength) = test.transposeA ? (k, m) : (m, k)
            let aRowStride = storedLength + test.aPadding, bRowStride = n + test.bPadding, outputRowStride = n + test.cPadding
            let a = Tensor.randomNormal([storedRows, aRowStride], using: &generator)
            let b = Tensor.randomNormal([k, bRowStride], using: &generator)
            let c = Tensor.randomNormal([m, outputRowStride], using: &generator)
            let before = c.scalars
            gemmInSmallBlocks(a.pointer, transposeA: test.transposeA, aRowStride: aRowStride, b.pointer, bRowStride: bRowStride,
                              into: c.pointer, cRowStride: outputRowStride, m: m, n: n, k: k, accumulate: test.accumulate)
            var worst = 0.0
            for i in 0..<m {
                for j in 0..<outputRowStride {
                    var expected = Double(before[i * outputRowStride + j])
                    if j < n {
                        var product = 0.0
                        for p in 0..<k {
                            let aValue = test.transposeA ? a.pointer[p * aRowStride + i] : a.pointer[i * aRowStride + p]
                            product += Double(aValue) * Double(b.pointer[p * bRowStride + j])
                        }
                        expected = (test.accumulate ? expected : 0) + product
                    }
                    worst = max(worst, abs(Double(c.pointer[i * outputRowStride + j]) - expected))
                }
            }
            // Float32 sums of up to 600 unit-variance products: errors of 1e-5 to 1e-4. The
            // padding between output rows must come back untouched.
            XCTAssertLessThan(worst, 1e-3, "\(test)")
        }
    }
}
