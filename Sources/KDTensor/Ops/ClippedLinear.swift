extension Tensor {
    /// `min(max(x, low), high)` with gradient `g` strictly inside `(low, high)` and zero
    /// elsewhere: ReLU and ReLU6. Convolutional networks apply these to every activation, so
    /// both directions are plain loops the compiler vectorises, not a per-element call through
    /// the ``unary(_:_:derivative:)`` closure (which made the backward pass ~25x slower).
    ///
    /// The gradient's mask is read off the output (`low < y < high` exactly where
    /// `low < x < high`), so the input need not be kept: a batch-norm output feeding a ReLU is
    /// freed as soon as the ReLU has run, while the ReLU's output is kept by the next
    /// convolution anyway.
    func clippedLinear(_ name: String, low: Float, high: Float) -> Tensor {
        let output = Tensor(uninitializedShape: shape)
        let source = pointer, target = output.pointer, count = self.count
        for i in 0..<count { target[i] = Swift.min(Swift.max(source[i], low), high) }
        // The output's storage, not the output: the output owns the closure (a cycle).
        let shape = self.shape, outputStorage = output.storage
        return output.recorded(name, inputs: [self]) { g in
            let result = Tensor(uninitializedShape: shape)
            Self.passGradient(g.pointer, where: outputStorage.pointer, isWithin: low, high, count: count, into: result.pointer)
            return [result]
        }
    }

    /// `dx = dy` where `low < y < high`, else 0, for `count` elements; `dx` may be `dy` itself.
    static func passGradient(_ dy: UnsafePointer<Float>, where y: UnsafePointer<Float>, isWithin low: Float, _ high: Float,
                             count: Int, into dx: UnsafeMutablePointer<Float>) {
        // The test as a lane mask ANDed onto the gradient's bits: the scalar form compiles
        // to two unpredictable branches per element.
        let lows = SIMD8<Float>(repeating: low), highs = SIMD8<Float>(repeating: high)
        var i = 0
        while i + 8 <= count {
            let value = SIMDLoops.load(y + i)
            let inside = unsafeBitCast((value .> lows) .& (value .< highs), to: SIMD8<Int32>.self)
            let kept = inside & unsafeBitCast(SIMDLoops.load(dy + i), to: SIMD8<Int32>.self)
            SIMDLoops.store(unsafeBitCast(kept, to: SIMD8<Float>.self), dx + i)
            i += 8
        }
        while i < count {
            dx[i] = y[i] > low && y[i] < high ? dy[i] : 0
            i += 1
        }
    }
}
