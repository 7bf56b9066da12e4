import KDTensor

// Element-wise distances between a prediction and a target of the same shape
// (PyTorch's MSELoss, L1Loss, SmoothL1Loss). `.mean` averages over all elements.

/// `(prediction - target)²` per element.
public func mseLoss(prediction: Tensor, target: Tensor, reduction: Reduction = .mean) -> Tensor {
    pointwiseLoss("mseLoss", prediction, target, reduction, value: { $0 * $0 }, slope: { 2 * $0 })
}

/// `|prediction - target|` per element.
public func l1Loss(prediction: Tensor, target: Tensor, reduction: Reduction = .mean) -> Tensor {
    pointwiseLoss("l1Loss", prediction, target, reduction, value: { abs($0) }, slope: { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) })
}

/// Huber-like: `0.5 d² / beta` where `|d| < beta`, `|d| - 0.5 beta` elsewhere, for
/// `d = prediction - target`; `beta = 0` is the L1 loss.
public func smoothL1Loss(prediction: Tensor, target: Tensor, beta: Float = 1, reduction: Reduction = .mean) -> Tensor {
    precondition(beta >= 0, "smoothL1Loss: beta \(beta) must not be negative")
    return pointwiseLoss("smoothL1Loss", prediction, target, reduction,
                         value: { abs($0) < beta ? 0.5 * $0 * $0 / beta : abs($0) - 0.5 * beta },
                         slope: { abs($0) < beta ? $0 / beta : ($0 > 0 ? 1 : ($0 < 0 ? -1 : 0)) })
}

/// A loss `value(d)` of each difference `d = prediction - target`, with derivative `slope(d)`,
/// recorded as one op on both operands.
private func pointwiseLoss(_ name: String, _ prediction: Tensor, _ target: Tensor, _ reduction: Reduction,
                           value: (Float) -> Float, slope: @escaping (Float) -> Float) -> Tensor {
    precondition(prediction.shape == target.shape,
                 "\(name): prediction \(Shape.describe(prediction.shape)) and target \(Shape.describe(target.shape)) differ")
    let difference = Tensor.zipElements(prediction, target, -)
    let losses = difference.mapElements(value).recorded(name, inputs: [prediction, target]) { g in
        let gradient = Tensor.zipElements(g, difference) { $0 * slope($1) }
        return [gradient, target.requiresGrad ? gradient.mapElements { -$0 } : nil]
    }
    return reduction.apply(to: losses)
}
