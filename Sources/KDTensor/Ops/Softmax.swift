import Foundation

// Numerically stable softmax and log-softmax along one axis.

extension Tensor {
    /// `log(softmax(x))` along `axis`, computed as `x - max - log(sum(exp(x - max)))`.
    public func logSoftmax(alongAxis axis: Int = -1) -> Tensor {
        let axis = Shape.normalize(axis: axis, rank: rank)
        let (outer, size, inner) = Shape.split(shape, at: axis)
        let result = Tensor(uninitializedShape: shape)
        let px = pointer, pr = result.pointer
        for o in 0..<outer {
            for i in 0..<inner {
                let base = o * size * inner + i
                var peak = -Float.infinity
                for k in 0..<size { peak = Swift.max(peak, px[base + k * inner]) }
                var total: Float = 0
                for k in 0..<size { total += Foundation.exp(px[base + k * inner] - peak) }
                let shift = peak + Foundation.log(total)
                for k in 0..<size { pr[base + k * inner] = px[base + k * inner] - shift }
            }
        }
        // The closure keeps the result's storage, not the result: capturing the tensor that
        // owns the closure would make a cycle that leaks the whole graph.
        let shape = self.shape, resultStorage = result.storage
        return result.recorded("logSoftmax", inputs: [self]) { g in
            // dx = g - softmax · sum(g)
            let dx = Tensor(uninitializedShape: shape)
            let pg = g.pointer, pd = dx.pointer, pr = resultStorage.pointer
            for o in 0..<outer {
                for i in 0..<inner {
                    let base = o * size * inner + i
                    var total: Float = 0
                    for k in 0..<size { total += pg[base + k * inner] }
                    for k in 0..<size { pd[base + k * inner] = pg[base + k * inner] - Foundation.exp(pr[base + k * inner]) * total }
                }
            }
            return [dx]
        }
    }

    /// `softmax(x)` along `axis`.
    public func softmax(alongAxis axis: Int = -1) -> Tensor {
        let axis = Shape.normalize(axis: axis, rank: rank)
        let (outer, size, inner) = Shape.split(shape, at: axis)
        let result = noGrad { logSoftmax(alongAxis: axis) }.mapElements(Foundation.exp)
        let shape = self.shape, resultStorage = result.storage
        return result.recorded("softmax", inputs: [self]) { g in
            // dx = y · (g - sum(g · y)); the storage, not the result, is captured (see logSoftmax).
            let dx = Tensor(uninitializedShape: shape)
            let pg = g.pointer, py = resultStorage.pointer, pd = dx.pointer
            for o in 0..<outer {
                for i in 0..<inner {
                    let base = o * size * inner + i
                    var dot: Float = 0
                    for k in 0..<size { dot += pg[base + k * inner] * py[base + k * inner] }
                    for k in 0..<size { pd[base + k * inner] = py[base + k * inner] * (pg[base + k * inner] - dot) }
                }
            }
            return [dx]
        }
    }
}
