import KDTensor

/// Updates a fixed list of parameters from their accumulated gradients.
///
/// The learning rate is a plain settable property so that a trainer can apply any
/// ``LearningRateSchedule`` before each step. ``exportState()`` / ``importState(_:)``
/// carry everything needed to resume bit-for-bit (moment buffers, step counts) for
/// checkpoints; the state refers to parameters by their index in ``parameters``.
public protocol Optimizer: AnyObject {
    /// The tensors updated in place, in the order given at construction.
    var parameters: [Tensor] { get }
    /// The step size of the next ``step()``.
    var learningRate: Float { get set }
    /// How many times ``step()`` has run.
    var stepCount: Int { get }
    /// Applies one update to every parameter that has a gradient (others are skipped).
    func step()
    /// The optimiser's internal state, for a checkpoint.
    func exportState() -> OptimizerState
    /// Restores state exported by the same kind of optimiser over parameters of the same shapes.
    func importState(_ state: OptimizerState) throws
}

extension Optimizer {
    /// Clears the gradients of all parameters before the next backward pass.
    public func zeroGrad() {
        for parameter in parameters { parameter.grad = nil }
    }
}
