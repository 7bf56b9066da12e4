// Sums, means and maxima over axes.

extension Tensor {
    /// The sum of all elements, as a scalar.
    public func sum() -> Tensor {
        var total: Float = 0
        let p = pointer
        for i in 0..<count { total += p[i] }
        let inputShape = shape
        return Tensor(total).recorded("sum", inputs: [self]) { g in
            [Tensor(shape: inputShape, repeating: g.item)]
        }
    }

    /// The mean of all elements, as a scalar.
    public func mean() -> Tensor { sum() * (1 / Float(Swift.max(count, 1))) }

    /// Sums over `axes` (negative axes count from the end); reduced axes are kept as size 1
    /// when `keepingDims`, dropped otherwise.
    public func sum(alongAxes axes: [Int], keepingDims: Bool = false) -> Tensor {
        let reduced = Set(axes.map { Shape.normalize(axis: $0, rank: rank) })
        let kept = shape.enumerated().map { reduced.contains($0.offset) ? 1 : $0.element }
        let summed = shape == kept ? copy() : sumToShape(kept)
        let outShape = keepingDims ? kept : shape.enumerated().filter { !reduced.contains($0.offset) }.map(\.element)
        let inputShape = shape
        return Tensor(shape: outShape, storage: summed.storage).recorded("sum", inputs: [self]) { g in
            [Tensor(shape: kept, storage: g.storage).broadcasted(to: inputShape)]
        }
    }

    /// The mean over `axes`.
    public func mean(alongAxes axes: [Int], keepingDims: Bool = false) -> Tensor {
        let n = axes.map { shape[Shape.normalize(axis: $0, rank: rank)] }.reduce(1, *)
        return sum(alongAxes: axes, keepingDims: keepingDims) * (1 / Float(Swift.max(n, 1)))
    }

    /// This tensor repeated along its size-1 (or missing leading) axes to `target` (no recording).
    public func broadcasted(to target: [Int]) -> Tensor {
        guard shape != target else { return self }
        precondition(Shape.broadcast(shape, target) == target,
                     "cannot broadcast \(Shape.describe(shape)) to \(Shape.describe(target))")
        let result = Tensor(uninitializedShape: target)
        let source = pointer
        var out = result.pointer
        let strides = Shape.broadcastStrides(shape, to: target)
        StridedIndex(shape: target, stridesA: strides, stridesB: strides).forEachRow { offset, step, _, _, n in
            for i in 0..<n { out[i] = source[offset + i * step] }
            out += n
        }
        return result
    }

    /// The maximum along `axis` and where it was found; the gradient flows to that element.
    public func max(alongAxis axis: Int, keepingDims: Bool = false) -> (values: Tensor, indices: [Int]) {
        let axis = Shape.normalize(axis: axis, rank: rank)
        let (outer, size, inner) = Shape.split(shape, at: axis)
        precondition(size > 0, "max over an empty axis \(axis) of shape \(Shape.describe(shape))")
        var outShape = shape
        if keepingDims { outShape[axis] = 1 } else { outShape.remove(at: axis) }
        let values = Tensor(uninitializedShape: outShape)
        var indices = [Int](repeating: 0, count: outer * inner)
        let p = pointer, pv = values.pointer
        for o in 0..<outer {
            for i in 0..<inner {
                var best = p[o * size * inner + i], bestIndex = 0
                for k in 1..<size where p[(o * size + k) * inner + i] > best {
                    best = p[(o * size + k) * inner + i]
                    bestIndex = k
                }
                pv[o * inner + i] = best
                indices[o * inner + i] = bestIndex
            }
        }
        let inputShape = shape
        let recorded = values.recorded("max", inputs: [self]) { g in
            let result = Tensor.zeros(inputShape)
            let pg = g.pointer, pr = result.pointer
            for o in 0..<outer {
                for i in 0..<inner { pr[(o * size + indices[o * inner + i]) * inner + i] = pg[o * inner + i] }
            }
            return [result]
        }
        return (recorded, indices)
    }

    /// The index of the largest element along the last axis of each row (ties: the first).
    public func argmax() -> [Int] {
        noGrad { max(alongAxis: -1).indices }
    }
}
