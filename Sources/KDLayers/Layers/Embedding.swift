import KDTensor

/// A lookup table of `count` learned vectors of size `dimension` (PyTorch's `nn.Embedding`):
/// token ids of any shape `S` map to vectors `S + [dimension]`.
///
/// Initialised from `N(0, 1)` as in PyTorch. With a `paddingIndex`, that row starts at zero
/// and receives no gradient, so padded positions contribute nothing.
public final class Embedding: Layer {
    /// `[count, dimension]`.
    @Parameter public var weight: Tensor
    /// The id whose row stays zero and untrained, if any.
    public let paddingIndex: Int?

    /// A table of `count` vectors of size `dimension`, drawn from the thread's generator.
    public init(count: Int, dimension: Int, paddingIndex: Int? = nil) {
        precondition(paddingIndex.map { (0..<count).contains($0) } ?? true,
                     "Embedding: padding index \(paddingIndex!) outside 0..<\(count)")
        let weight = Tensor.zeros([count, dimension])
        Init.normal(weight)
        if let paddingIndex { (weight.pointer + paddingIndex * dimension).update(repeating: 0, count: dimension) }
        self.weight = weight
        self.paddingIndex = paddingIndex
    }

    /// The number of ids.
    public var count: Int { weight.shape[0] }
    /// The size of each vector.
    public var dimension: Int { weight.shape[1] }

    /// The vectors of `ids` (row-major), shaped `shape + [dimension]`.
    public func callAsFunction(_ ids: [Int], shape: [Int]) -> Tensor {
        precondition(Shape.count(shape) == ids.count, "Embedding: \(ids.count) ids do not fill shape \(Shape.describe(shape))")
        var vectors = weight.indexSelect(ids, alongAxis: 0)
        if let paddingIndex, ids.contains(paddingIndex) {
            // Zeroing the looked-up rows also stops the gradient into the padding row.
            let keep = Tensor(shape: [ids.count, 1], ids.map { $0 == paddingIndex ? 0 : 1 })
            vectors = vectors * keep
        }
        return vectors.reshaped(to: shape + [dimension])
    }

    /// The vectors of ids stored as whole-number floats (as token datasets hold them).
    public func callAsFunction(_ ids: Tensor) -> Tensor {
        let values = ids.scalars.map { value -> Int in
            precondition(value == value.rounded() && value >= 0 && Int(value) < count,
                         "Embedding: id \(value) is not a whole number in 0..<\(count)")
            return Int(value)
        }
        return self(values, shape: ids.shape)
    }
}
