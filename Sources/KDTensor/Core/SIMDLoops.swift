/// Inner loops written with explicit eight-wide vectors.
///
/// A plain `total += term(i)` loop is one dependency chain of floating-point adds (the
/// compiler may not reorder them), so it runs at the add latency, about a quarter of an
/// element per cycle; eight lanes of independent partial sums run several times faster
/// (the order of additions differs, so results differ in the last bits). Short loops such
/// as `y[k] += a·x[k]` over a 4-16 wide image row fall to the compiler's scalar epilogue;
/// explicit vectors keep them vectorised, including stride-2 reads.
enum SIMDLoops {
    /// Eight consecutive floats from `pointer` (no alignment needed).
    @inline(__always)
    static func load(_ pointer: UnsafePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Float>.self)
    }

    /// `pointer[0], pointer[2], ..., pointer[14]`; reads `pointer[0...15]`.
    @inline(__always)
    static func loadEvens(_ pointer: UnsafePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(pointer).loadUnaligned(as: SIMD16<Float>.self).evenHalf
    }

    @inline(__always)
    static func store(_ value: SIMD8<Float>, _ pointer: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: SIMD8<Float>.self)
    }

    /// `Σ term(i)` for `i` in `0..<count`: `vector(i)` gives the terms `i..<i+8` at once,
    /// `scalar(i)` a single term for the tail.
    @inline(__always)
    static func sum(count: Int, _ vector: (Int) -> SIMD8<Float>, _ scalar: (Int) -> Float) -> Float {
        var lanes = SIMD8<Float>()
        var i = 0
        while i + 8 <= count {
            lanes += vector(i)
            i += 8
        }
        var total = lanes.sum()
        while i < count {
            total += scalar(i)
            i += 1
        }
        return total
    }

    /// `Σ p[i]` over `count` floats.
    @inline(__always)
    static func sum(_ p: UnsafePointer<Float>, count: Int) -> Float {
        sum(count: count, { load(p + $0) }, { p[$0] })
    }

    /// `Σ a[k]·b[k·step]` over `count` terms; steps 1 and 2 are vectorised.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int, step: Int) -> Float {
        switch step {
        case 1:
            return sum(count: count, { load(a + $0) * load(b + $0) }, { a[$0] * b[$0] })
        case 2:
            // The eight-wide read covers one float past the last term it uses: keep one term for the tail.
            return sum(count: count - 1, { load(a + $0) * loadEvens(b + 2 * $0) }, { a[$0] * b[2 * $0] })
                + (count > 0 ? a[count - 1] * b[2 * (count - 1)] : 0)
        default:
            var total: Float = 0
            for k in 0..<count { total += a[k] * b[k * step] }
            return total
        }
    }

    /// `y[k] += alpha·x[k·step]` for `k` in `0..<count`; steps 1 and 2 are vectorised.
    @inline(__always)
    static func axpy(_ alpha: Float, _ x: UnsafePointer<Float>, step: Int, into y: UnsafeMutablePointer<Float>, count: Int) {
        var k = 0
        if step == 1 {
            while k + 8 <= count {
                store(load(y + k) + alpha * load(x + k), y + k)
                k += 8
            }
        } else if step == 2 {
            // As in `dot`: stop while a full sixteen-float read stays within the terms used.
            while k + 8 < count {
                store(load(y + k) + alpha * loadEvens(x + 2 * k), y + k)
                k += 8
            }
        }
        while k < count {
            y[k] += alpha * x[k * step]
            k += 1
        }
    }
}
