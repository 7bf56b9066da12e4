import CBLAS
import Foundation

// Element-wise arithmetic with NumPy broadcasting, and its gradients.

extension Tensor {
    /// `op` applied to matching elements of `a` and `b` broadcast together (no recording).
    @inlinable
    static func broadcastMap(_ a: Tensor, _ b: Tensor, _ name: String, _ op: (Float, Float) -> Float) -> Tensor {
        if a.shape == b.shape {
            let result = Tensor(uninitializedShape: a.shape)
            let pa = a.pointer, pb = b.pointer, pr = result.pointer
            for i in 0..<a.count { pr[i] = op(pa[i], pb[i]) }
            return result
        }
        guard let shape = Shape.broadcast(a.shape, b.shape) else {
            preconditionFailure("\(name): shapes \(Shape.describe(a.shape)) and \(Shape.describe(b.shape)) do not broadcast")
        }
        let result = Tensor(uninitializedShape: shape)
        let pa = a.pointer, pb = b.pointer
        var out = result.pointer
        StridedIndex(shape: shape, stridesA: Shape.broadcastStrides(a.shape, to: shape),
                     stridesB: Shape.broadcastStrides(b.shape, to: shape)).forEachRow { oa, sa, ob, sb, n in
            for i in 0..<n { out[i] = op(pa[oa + i * sa], pb[ob + i * sb]) }
            out += n
        }
        return result
    }

    /// Sums a gradient of a broadcast result back to the shape of one operand.
    public func sumToShape(_ target: [Int]) -> Tensor {
        if shape == target { return self }
        let result = Tensor.zeros(target)
        let pg = pointer, pr = result.pointer
        StridedIndex(shape: shape, stridesA: Shape.strides(shape),
                     stridesB: Shape.broadcastStrides(target, to: shape)).forEachRow { og, sg, or, sr, n in
            if sr == 0 {
                var total: Float = 0
                for i in 0..<n { total += pg[og + i * sg] }
                pr[or] += total
            } else {
                for i in 0..<n { pr[or + i * sr] += pg[og + i * sg] }
            }
        }
        return result
    }

    /// `op` applied to each element (no recording).
    @inlinable
    public func mapElements(_ op: (Float) -> Float) -> Tensor {
        let result = Tensor(uninitializedShape: shape)
        let source = pointer, target = result.pointer
        for i in 0..<count { target[i] = op(source[i]) }
        return result
    }

    /// `op` applied to matching elements of two tensors with the same element count (no recording).
    @inlinable
    public static func zipElements(_ a: Tensor, _ b: Tensor, _ op: (Float, Float) -> Float) -> Tensor {
        precondition(a.count == b.count, "element counts differ: \(Shape.describe(a.shape)) vs \(Shape.describe(b.shape))")
        let result = Tensor(uninitializedShape: a.shape)
        let pa = a.pointer, pb = b.pointer, pr = result.pointer
        for i in 0..<a.count { pr[i] = op(pa[i], pb[i]) }
        return result
    }

    /// Adds `other` (same element count) into this tensor in place, without recording.
    public func addInPlace(_ other: Tensor, scale: Float = 1) {
        precondition(other.count == count, "cannot add \(Shape.describe(other.shape)) into \(Shape.describe(shape))")
        cblas_saxpy(Int32(count), scale, other.pointer, 1, pointer, 1)
    }

    /// Multiplies every element by `factor` in place, without recording.
    public func scaleInPlace(_ factor: Float) {
        cblas_sscal(Int32(count), factor, pointer, 1)
    }

    public static func + (a: Tensor, b: Tensor) -> Tensor {
        // Shapes, not the operands: the closure keeps alive whatever it captures.
        let (shapeA, shapeB) = (a.shape, b.shape)
        return broadcastMap(a, b, "add", +).recorded("add", inputs: [a, b]) { g in
            [g.sumToShape(shapeA), g.sumToShape(shapeB)]
        }
    }

    public static func - (a: Tensor, b: Tensor) -> Tensor {
        let (shapeA, shapeB) = (a.shape, b.shape)
        return broadcastMap(a, b, "subtract", -).recorded("subtract", inputs: [a, b]) { g in
            [g.sumToShape(shapeA), g.mapElements { -$0 }.sumToShape(shapeB)]
        }
    }

    public static func * (a: Tensor, b: Tensor) -> Tensor {
        broadcastMap(a, b, "multiply", *).recorded("multiply", inputs: [a, b]) { g in
            [a.requiresGrad ? broadcastMap(g, b, "multiply", *).sumToShape(a.shape) : nil,
             b.requiresGrad ? broadcastMap(g, a, "multiply", *).sumToShape(b.shape) : nil]
        }
    }

    public static func / (a: Tensor, b: Tensor) -> Tensor {
        broadcastMap(a, b, "divide", /).recorded("divide", inputs: [a, b]) { g in
            [a.requiresGrad ? broadcastMap(g, b, "divide", /).sumToShape(a.shape) : nil,
             b.requiresGrad ? broadcastMap(broadcastMap(g, a, "divide", *), b, "divide") { -$0 / ($1 * $1) }
                .sumToShape(b.shape) : nil]
        }
    }

    public static prefix func - (a: Tensor) -> Tensor {
        a.mapElements { -$0 }.recorded("negate", inputs: [a]) { g in [g.mapElements { -$0 }] }
    }

    public static func + (a: Tensor, b: Float) -> Tensor {
        a.mapElements { $0 + b }.recorded("add", inputs: [a]) { g in [g] }
    }

    public static func - (a: Tensor, b: Float) -> Tensor { a + (-b) }

    public static func + (a: Float, b: Tensor) -> Tensor { b + a }

    public static func - (a: Float, b: Tensor) -> Tensor { -b + a }

    public static func * (a: Tensor, b: Float) -> Tensor {
        a.mapElements { $0 * b }.recorded("scale", inputs: [a]) { g in [g.mapElements { $0 * b }] }
    }

    public static func * (a: Float, b: Tensor) -> Tensor { b * a }

    public static func / (a: Tensor, b: Float) -> Tensor { a * (1 / b) }

    /// Picks `a` where `mask` is non-zero and `b` elsewhere; all three have the same shape.
    /// The mask is data, not differentiated.
    public static func select(where mask: Tensor, _ a: Tensor, _ b: Tensor) -> Tensor {
        precondition(mask.shape == a.shape && a.shape == b.shape,
                     "select: mask \(Shape.describe(mask.shape)), a \(Shape.describe(a.shape)), b \(Shape.describe(b.shape)) must match")
        let result = Tensor(uninitializedShape: a.shape)
        let pm = mask.pointer, pa = a.pointer, pb = b.pointer, pr = result.pointer
        for i in 0..<a.count { pr[i] = pm[i] != 0 ? pa[i] : pb[i] }
        return result.recorded("select", inputs: [a, b]) { g in
            [zipElements(g, mask) { $1 != 0 ? $0 : 0 }, zipElements(g, mask) { $1 != 0 ? 0 : $0 }]
        }
    }
}
