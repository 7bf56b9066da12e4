import KDTensor
import XCTest

/// The blocked product equals the plain one on shapes that end mid-block in every dimension.
final class SmallBlockGEMMTests: XCTestCase {
    func testMatchesADoublePrecisionProductAcrossPartialBlocks() {
        var generator = SeededGenerator(seed: 21)
        for (m, n, k) in [(1, 1, 1), (32, 64, 256), (70, 150, 600), (5, 1030, 40)] {
            let a = Tensor.randomNormal([m, k], using: &generator), b = Tensor.randomNormal([k, n], using: &generator)
            let c = Tensor(shape: [m, n], repeating: .nan)
            gemmInSmallBlocks(a.pointer, b.pointer, into: c.pointer, m: m, n: n, k: k)
            var worst = 0.0
            for i in 0..<m {
                for j in 0..<n {
                    var exact = 0.0
                    for p in 0..<k { exact += Double(a.pointer[i * k + p]) * Double(b.pointer[p * n + j]) }
                    worst = max(worst, abs(Double(c.pointer[i * n + j]) - exact))
                }
            }
            // Float32 sums of up to 600 unit-variance products: errors of 1e-5 to 1e-4.
            XCTAssertLessThan(worst, 1e-3, "[\(m), \(k)] · [\(k), \(n)]")
        }
    }
}
