import KDTensor

/// Stochastic gradient descent with PyTorch's exact update (`torch.optim.SGD`):
/// ```
/// d = grad + weightDecay · p
/// buffer = d                                   on the first step
/// buffer = momentum · buffer + (1 - dampening) · d   afterwards
/// d = nesterov ? d + momentum · buffer : buffer      (when momentum ≠ 0)
/// p -= learningRate · d
/// ```
public final class SGD: Optimizer {
    public let parameters: [Tensor]
    public var learningRate: Float
    /// The weight of the previous update in the momentum buffer (0: plain SGD).
    public let momentum: Float
    /// The fraction of each new gradient left out of the momentum buffer.
    public let dampening: Float
    /// L2 penalty added to the gradient.
    public let weightDecay: Float
    /// Whether to step along the gradient plus the momentum look-ahead.
    public let nesterov: Bool
    public private(set) var stepCount = 0
    private let slots = ParameterSlots(slotShapes: ["momentum_buffer": \.shape])

    /// SGD over `parameters`; defaults are PyTorch's (no momentum, dampening or decay).
    public init(parameters: [Tensor], learningRate: Float, momentum: Float = 0, dampening: Float = 0,
                weightDecay: Float = 0, nesterov: Bool = false) {
        precondition(!nesterov || (momentum > 0 && dampening == 0), "SGD: Nesterov momentum needs momentum > 0 and no dampening")
        self.parameters = parameters
        self.learningRate = learningRate
        self.momentum = momentum
        self.dampening = dampening
        self.weightDecay = weightDecay
        self.nesterov = nesterov
    }

    public func step() {
        stepCount += 1
        for (index, parameter) in parameters.enumerated() {
            guard let grad = parameter.grad else { continue }
            let p = parameter.pointer, g = grad.pointer, n = parameter.count
            let (lr, decay, mu, keep) = (learningRate, weightDecay, momentum, 1 - dampening)
            guard momentum != 0 else {
                for i in 0..<n { p[i] -= lr * (g[i] + decay * p[i]) }
                continue
            }
            var isFirst = false
            let buffer = slots.slot("momentum_buffer", of: index) {
                isFirst = true
                return Tensor(uninitializedShape: parameter.shape)
            }.pointer
            for i in 0..<n {
                let d = g[i] + decay * p[i]
                buffer[i] = isFirst ? d : mu * buffer[i] + keep * d
                p[i] -= lr * (nesterov ? d + mu * buffer[i] : buffer[i])
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
