import Foundation

/// A dense, row-major `Float` tensor that records the ops applied to it for
/// reverse-mode differentiation.
///
/// Images are NCHW; sequences are batch-first `[N, T, F]`. A tensor is a reference:
/// parameters are updated in place by optimisers, and every op returns a new tensor
/// (reshapes share storage). When gradient recording is on (see ``noGrad(_:)``) and an
/// input ``requiresGrad``, the result carries a ``GradFn`` linking it to its inputs.
public final class Tensor {
    /// The size of each axis; `[]` is a scalar.
    public let shape: [Int]
    /// The elements, shared with reshaped views.
    public let storage: TensorStorage
    /// Whether gradients flow to this tensor. Leaves with this flag accumulate ``grad``.
    public var requiresGrad: Bool
    /// The accumulated gradient of a leaf after ``backward(_:)``.
    public var grad: Tensor?
    /// How this tensor was computed, when it was recorded for differentiation.
    public internal(set) var gradFn: GradFn?

    /// Wraps existing storage; `shape` must describe exactly `storage.count` elements.
    public init(shape: [Int], storage: TensorStorage, requiresGrad: Bool = false) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative dimension in shape \(shape)")
        precondition(Shape.count(shape) == storage.count,
                     "shape \(Shape.describe(shape)) needs \(Shape.count(shape)) elements, storage has \(storage.count)")
        self.shape = shape
        self.storage = storage
        self.requiresGrad = requiresGrad
    }

    /// A tensor of `shape` with uninitialised elements, for ops that overwrite every element.
    public convenience init(uninitializedShape shape: [Int]) {
        self.init(shape: shape, storage: TensorStorage(uninitializedCount: Shape.count(shape)))
    }

    /// A tensor of `shape` filled with `value`.
    public convenience init(shape: [Int], repeating value: Float, requiresGrad: Bool = false) {
        self.init(shape: shape, storage: TensorStorage(count: Shape.count(shape), repeating: value),
                  requiresGrad: requiresGrad)
    }

    /// A tensor of `shape` holding `values` in row-major order.
    public convenience init(shape: [Int], _ values: [Float], requiresGrad: Bool = false) {
        precondition(values.count == Shape.count(shape),
                     "\(values.count) values do not fill shape \(Shape.describe(shape))")
        let storage = TensorStorage(uninitializedCount: values.count)
        values.withUnsafeBufferPointer { storage.pointer.initialize(from: $0.baseAddress!, count: values.count) }
        self.init(shape: shape, storage: storage, requiresGrad: requiresGrad)
    }

    /// A scalar tensor.
    public convenience init(_ value: Float) {
        self.init(shape: [], [value])
    }

    /// A tensor of zeros.
    public static func zeros(_ shape: [Int], requiresGrad: Bool = false) -> Tensor {
        Tensor(shape: shape, repeating: 0, requiresGrad: requiresGrad)
    }

    /// A tensor of ones.
    public static func ones(_ shape: [Int], requiresGrad: Bool = false) -> Tensor {
        Tensor(shape: shape, repeating: 1, requiresGrad: requiresGrad)
    }

    /// The number of axes.
    @inlinable public var rank: Int { shape.count }
    /// The number of elements.
    @inlinable public var count: Int { storage.count }
    /// Whether this tensor was created by the user rather than by a recorded op.
    public var isLeaf: Bool { gradFn == nil }
    /// The first element, for reading and writing in place.
    @inlinable public var pointer: UnsafeMutablePointer<Float> { storage.pointer }

    /// The elements in row-major order.
    public var scalars: [Float] { Array(storage.buffer) }

    /// The single element of a one-element tensor.
    public var item: Float {
        precondition(count == 1, "item needs one element, tensor has shape \(Shape.describe(shape))")
        return pointer[0]
    }

    /// The element at a multi-dimensional index (slow; for tests and inspection).
    public subscript(_ index: Int...) -> Float {
        get { pointer[offset(of: index)] }
        set { pointer[offset(of: index)] = newValue }
    }

    private func offset(of index: [Int]) -> Int {
        precondition(index.count == rank, "index \(index) has rank \(index.count), tensor has rank \(rank)")
        var offset = 0
        for (axis, i) in index.enumerated() {
            precondition(i >= 0 && i < shape[axis], "index \(i) out of range for axis \(axis) of size \(shape[axis])")
            offset = offset * shape[axis] + i
        }
        return offset
    }

    /// A copy with its own storage, cut off from the graph.
    public func copy() -> Tensor {
        let result = Tensor(uninitializedShape: shape)
        result.pointer.update(from: pointer, count: count)
        return result
    }

    /// The same storage, cut off from the graph: no gradient flows back through it.
    public func detached() -> Tensor {
        Tensor(shape: shape, storage: storage)
    }

    /// Overwrites the elements with those of `other` (same element count), in place.
    public func assign(_ other: Tensor) {
        precondition(other.count == count,
                     "cannot assign \(Shape.describe(other.shape)) to \(Shape.describe(shape))")
        pointer.update(from: other.pointer, count: count)
    }

    /// Sets every element to `value`, in place.
    public func fill(_ value: Float) {
        pointer.update(repeating: value, count: count)
    }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let preview = scalars.prefix(8).map { String(format: "%.4g", $0) }.joined(separator: ", ")
        return "Tensor(\(Shape.describe(shape)): [\(preview)\(count > 8 ? ", ..." : "")])"
    }
}
