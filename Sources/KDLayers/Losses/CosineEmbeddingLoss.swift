import KDTensor

/// PyTorch's `F.cosine_embedding_loss` for rows of `first` and `second` (`[N, D]`) and a
/// `target` `[N]` of `1` (pull together: `1 - cos`) or `-1` (push apart:
/// `max(0, cos - margin)`). `.mean` averages over the `N` pairs.
public func cosineEmbeddingLoss(_ first: Tensor, _ second: Tensor, target: Tensor, margin: Float = 0,
                                reduction: Reduction = .mean) -> Tensor {
    precondition(first.rank == 2 && first.shape == second.shape,
                 "cosineEmbeddingLoss: inputs \(Shape.describe(first.shape)) and \(Shape.describe(second.shape)) must both be [N, D]")
    precondition(target.shape == [first.shape[0]], "cosineEmbeddingLoss: target \(Shape.describe(target.shape)) should be [\(first.shape[0])]")
    // PyTorch adds this to each squared norm so that zero vectors give cos = 0, not NaN.
    let epsilon: Float = 1e-12
    let dot = (first * second).sum(alongAxes: [1])
    let norms = ((first.squared().sum(alongAxes: [1]) + epsilon) * (second.squared().sum(alongAxes: [1]) + epsilon)).sqrt()
    let cosine = dot / norms
    let isPositive = target.mapElements { $0 > 0 ? 1 : 0 }
    let losses = Tensor.select(where: isPositive, 1 - cosine, (cosine - margin).relu())
    return reduction.apply(to: losses)
}
