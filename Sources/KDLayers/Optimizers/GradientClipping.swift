import KDTensor

/// Scales the gradients of `parameters` so that their global L2 norm is at most `maxNorm`,
/// as PyTorch's `clip_grad_norm_` (factor `maxNorm / (norm + 1e-6)` when it is below 1).
/// Returns the norm before clipping; a non-finite result means the gradients are unusable.
@discardableResult
public func clipGradientNorm(_ parameters: [Tensor], maxNorm: Float) -> Float {
    var total: Double = 0
    for grad in parameters.compactMap(\.grad) {
        let g = grad.pointer
        for i in 0..<grad.count { total += Double(g[i]) * Double(g[i]) }
    }
    let norm = Float(total.squareRoot())
    let factor = maxNorm / (norm + 1e-6)
    if factor < 1 {
        for grad in parameters.compactMap(\.grad) { grad.scaleInPlace(factor) }
    }
    return norm
}
