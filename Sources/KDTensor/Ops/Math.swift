import Foundation

// Element-wise functions and their derivatives.

extension Tensor {
    /// Records a unary op whose derivative is computed from the input `x`, the output `y`
    /// and the incoming gradient `g` at each element.
    @inlinable
    func unary(_ name: String, _ forward: (Float) -> Float,
               derivative: @escaping (_ x: Float, _ y: Float, _ g: Float) -> Float) -> Tensor {
        let output = mapElements(forward)
        let input = self
        // The closure keeps the output's storage, not the output: the output owns the
        // closure, and capturing it would make a cycle that leaks the whole graph.
        let outputStorage = output.storage
        return output.recorded(name, inputs: [input]) { g in
            let result = Tensor(uninitializedShape: input.shape)
            let px = input.pointer, py = outputStorage.pointer, pg = g.pointer, pr = result.pointer
            for i in 0..<result.count { pr[i] = derivative(px[i], py[i], pg[i]) }
            return [result]
        }
    }

    public func exp() -> Tensor { unary("exp", Foundation.exp) { _, y, g in g * y } }

    public func log() -> Tensor { unary("log", Foundation.log) { x, _, g in g / x } }

    public func sqrt() -> Tensor { unary("sqrt", Foundation.sqrt) { _, y, g in g / (2 * y) } }

    public func squared() -> Tensor { unary("square", { $0 * $0 }) { x, _, g in 2 * x * g } }

    public func pow(_ exponent: Float) -> Tensor {
        unary("pow", { Foundation.pow($0, exponent) }) { x, _, g in g * exponent * Foundation.pow(x, exponent - 1) }
    }

    public func abs() -> Tensor { unary("abs", Swift.abs) { x, _, g in x > 0 ? g : (x < 0 ? -g : 0) } }

    public func relu() -> Tensor { clippedLinear("relu", low: 0, high: .infinity) }

    /// `min(max(x, 0), 6)`, MobileNet's activation.
    public func relu6() -> Tensor { clippedLinear("relu6", low: 0, high: 6) }

    public func leakyRelu(negativeSlope: Float = 0.01) -> Tensor {
        unary("leakyRelu", { $0 > 0 ? $0 : negativeSlope * $0 }) { x, _, g in x > 0 ? g : negativeSlope * g }
    }

    public func sigmoid() -> Tensor {
        unary("sigmoid", { 1 / (1 + Foundation.exp(-$0)) }) { _, y, g in g * y * (1 - y) }
    }

    public func tanh() -> Tensor { unary("tanh", Foundation.tanh) { _, y, g in g * (1 - y * y) } }

    /// The exact (erf) GELU, as PyTorch's default.
    public func gelu() -> Tensor {
        let invSqrt2: Float = 0.707_106_77
        let invSqrt2Pi: Float = 0.398_942_3
        return unary("gelu", { 0.5 * $0 * (1 + erf($0 * invSqrt2)) }) { x, _, g in
            g * (0.5 * (1 + erf(x * invSqrt2)) + x * invSqrt2Pi * Foundation.exp(-0.5 * x * x))
        }
    }

    /// Limits every element to `[low, high]`; the gradient is zero where clamped.
    public func clamped(min low: Float = -.infinity, max high: Float = .infinity) -> Tensor {
        unary("clamp", { Swift.min(Swift.max($0, low), high) }) { x, _, g in x >= low && x <= high ? g : 0 }
    }
}
