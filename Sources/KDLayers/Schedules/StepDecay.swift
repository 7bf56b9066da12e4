import Foundation

/// `base · gamma^⌊step / stepSize⌋`: decays by `gamma` every `stepSize` steps (PyTorch's `StepLR`).
public struct StepDecay: LearningRateSchedule {
    /// The learning rate of the first `stepSize` steps.
    public let base: Float
    /// Steps between decays.
    public let stepSize: Int
    /// The factor applied at each decay.
    public let gamma: Float

    /// Decays `base` by `gamma` every `stepSize` steps.
    public init(base: Float, stepSize: Int, gamma: Float = 0.1) {
        precondition(stepSize > 0, "StepDecay: step size \(stepSize) must be positive")
        self.base = base
        self.stepSize = stepSize
        self.gamma = gamma
    }

    public func learningRate(at step: Int) -> Float {
        base * pow(gamma, Float(step / stepSize))
    }
}
