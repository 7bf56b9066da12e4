/// Bounds a convolution applies to its output as it writes each block of it: the ReLU or
/// ReLU6 that follows a convolution (and its folded batch norm) in inference, without a
/// separate pass over an output that has left the cache by then.
public struct OutputClamp: Sendable, Equatable {
    /// The smallest and largest value kept.
    public let low: Float
    public let high: Float

    /// `max(x, 0)`.
    public static let relu = OutputClamp(low: 0, high: .infinity)
    /// `min(max(x, 0), 6)`.
    public static let relu6 = OutputClamp(low: 0, high: 6)

    /// The same bounds as an op of their own, for the unfused path: ``Tensor/relu()`` or ``Tensor/relu6()``.
    public func callAsFunction(_ input: Tensor) -> Tensor {
        input.clippedLinear(self == .relu ? "relu" : self == .relu6 ? "relu6" : "clamp", low: low, high: high)
    }

    /// The gradient `g` of a clamped output where that output (`output`, its storage) lies
    /// strictly within the bounds, zero elsewhere.
    func gradient(_ g: Tensor, output: TensorStorage) -> Tensor {
        let passed = Tensor(uninitializedShape: g.shape)
        Tensor.passGradient(g.pointer, where: output.pointer, isWithin: low, high, count: g.count, into: passed.pointer)
        return passed
    }

    /// Clamps `count` floats in place. A plain loop, which the compiler vectorises; SIMD8's
    /// `clamped(lowerBound:upperBound:)` calls the standard library's unspecialised generic
    /// `pointwiseMax` per vector, which made mobilenetv2-0.5's inference twice as slow.
    func apply(_ values: UnsafeMutablePointer<Float>, count: Int) {
        let low = low, high = high
        for i in 0..<count { values[i] = Swift.min(Swift.max(values[i], low), high) }
    }
}
