/// Sigmoid and tanh over contiguous runs of gate values, written without calls into libm so
/// that the compiler vectorises the loops: glibc's scalar `tanhf` alone took more time than
/// the element-wise rest of an LSTM step. Accurate to a few float ulps of `1` in absolute
/// terms (the exponential is Cephes' `expf` polynomial, relative error ~2e-7).
enum GateActivations {
    /// `p[i] = 1 / (1 + e^-(p[i] + bias[i]))` in place.
    @inline(__always)
    static func sigmoid(_ p: UnsafeMutablePointer<Float>, adding bias: UnsafePointer<Float>, count: Int) {
        for i in 0..<count { p[i] = 1 / (1 + exp(-(p[i] + bias[i]))) }
    }

    /// `p[i] = tanh(p[i] + bias[i])` in place.
    @inline(__always)
    static func tanh(_ p: UnsafeMutablePointer<Float>, adding bias: UnsafePointer<Float>, count: Int) {
        for i in 0..<count { p[i] = tanh(p[i] + bias[i]) }
    }

    /// `tanh(x) = 1 - 2 / (e^2x + 1)`, odd-symmetric so that the cancellation near zero is
    /// absolute (~1e-7), never a sign error.
    @inline(__always)
    static func tanh(_ x: Float) -> Float {
        let magnitude = 1 - 2 / (exp(2 * Swift.abs(x)) + 1)
        return x < 0 ? -magnitude : magnitude
    }

    /// `e^x` by range reduction `x = n·ln2 + r`, a degree-6 polynomial in `r`, and `2^n`
    /// assembled in the exponent bits. Inputs are clamped to the finite range of `Float`.
    @inline(__always)
    static func exp(_ x: Float) -> Float {
        let x = Swift.min(Swift.max(x, -87.3), 88.3)
        // Round to nearest by adding and subtracting 1.5·2^23 (exact for |x·log2 e| < 2^22,
        // which the clamp guarantees): `rounded()` is a call to rintf that stops vectorisation.
        let magic: Float = 12_582_912
        let n = (x * 1.442_695_04 + magic) - magic
        // ln 2 split in two parts so that n·ln2 is exact in the first.
        let r = x - n * 0.693_359_375 + n * 2.121_944_4e-4
        var p: Float = 1.987_569_15e-4
        p = p * r + 1.398_199_95e-3
        p = p * r + 8.333_451_9e-3
        p = p * r + 4.166_579_59e-2
        p = p * r + 0.166_666_655
        p = p * r + 0.500_000_01
        let scale = Float(bitPattern: UInt32(truncatingIfNeeded: Int32(n) + 127) << 23)
        return (p * r * r + r + 1) * scale
    }
}
