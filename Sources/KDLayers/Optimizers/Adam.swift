import Foundation
import KDTensor

/// Adam with PyTorch's exact update (`torch.optim.Adam`, without AMSGrad), per parameter:
/// ```
/// t += 1;  g = grad + weightDecay · p          (L2 penalty folded into the gradient)
/// m = β1 · m + (1 - β1) · g;   v = β2 · v + (1 - β2) · g²
/// p -= learningRate / (1 - β1ᵗ) · m / (√v / √(1 - β2ᵗ) + ε)
/// ```
/// ``AdamW`` decouples the weight decay instead.
public class Adam: Optimizer {
    public let parameters: [Tensor]
    public var learningRate: Float
    /// Decay rates of the first and second moment averages.
    public let betas: (Float, Float)
    /// Added to the denominator for numerical stability.
    public let epsilon: Float
    /// L2 penalty (Adam) or decoupled shrinkage rate (AdamW).
    public let weightDecay: Float
    public private(set) var stepCount = 0
    /// Whether weight decay shrinks the parameters directly (AdamW) instead of adding to the gradient.
    let decouplesWeightDecay: Bool
    private let slots = ParameterSlots(slotShapes: ["exp_avg": \.shape, "exp_avg_sq": \.shape, "step": { _ in [] }])

    /// Adam over `parameters` with PyTorch's defaults.
    public convenience init(parameters: [Tensor], learningRate: Float = 1e-3, betas: (Float, Float) = (0.9, 0.999),
                            epsilon: Float = 1e-8, weightDecay: Float = 0) {
        self.init(parameters: parameters, learningRate: learningRate, betas: betas, epsilon: epsilon,
                  weightDecay: weightDecay, decouplesWeightDecay: false)
    }

    init(parameters: [Tensor], learningRate: Float, betas: (Float, Float), epsilon: Float, weightDecay: Float,
         decouplesWeightDecay: Bool) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.betas = betas
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.decouplesWeightDecay = decouplesWeightDecay
    }

    public func step() {
        stepCount += 1
        let (beta1, beta2) = betas
        for (index, parameter) in parameters.enumerated() {
            guard let grad = parameter.grad else { continue }
            let zeros = { Tensor.zeros(parameter.shape) }
            let m = slots.slot("exp_avg", of: index, makingWith: zeros).pointer
            let v = slots.slot("exp_avg_sq", of: index, makingWith: zeros).pointer
            // Each parameter counts its own updates, so one skipped for lack of a gradient
            // keeps the right bias correction.
            let counter = slots.slot("step", of: index) { Tensor(0) }
            counter.pointer[0] += 1
            let t = counter.pointer[0]
            let stepSize = learningRate / (1 - pow(beta1, t))
            let correction2 = (1 - pow(beta2, t)).squareRoot()
            let (decay, coupledDecay) = decouplesWeightDecay ? (1 - learningRate * weightDecay, 0) : (1, weightDecay)
            let p = parameter.pointer, g = grad.pointer
            for i in 0..<parameter.count {
                p[i] *= decay
                let gi = g[i] + coupledDecay * p[i]
                m[i] = beta1 * m[i] + (1 - beta1) * gi
                v[i] = beta2 * v[i] + (1 - beta2) * gi * gi
                p[i] -= stepSize * m[i] / (v[i].squareRoot() / correction2 + epsilon)
            }
        }
    }

    public func exportState() -> OptimizerState {
        OptimizerState(stepCount: stepCount, tensors: slots.export())
    }

    public func importState(_ state: OptimizerState) throws {
        try slots.replace(with: state.tensors, parameters: parameters)
        stepCount = state.stepCount
    }
}
