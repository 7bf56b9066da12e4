import KDTensor

/// Adam with decoupled weight decay (`torch.optim.AdamW`): each step first shrinks the
/// parameters, `p *= 1 - learningRate · weightDecay`, then applies the plain Adam update.
public final class AdamW: Adam {
    /// AdamW over `parameters` with PyTorch's defaults (weight decay 0.01).
    public init(parameters: [Tensor], learningRate: Float = 1e-3, betas: (Float, Float) = (0.9, 0.999),
                epsilon: Float = 1e-8, weightDecay: Float = 0.01) {
        super.init(parameters: parameters, learningRate: learningRate, betas: betas, epsilon: epsilon,
                   weightDecay: weightDecay, decouplesWeightDecay: true)
    }
}
