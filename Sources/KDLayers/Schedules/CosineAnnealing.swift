import Foundation

/// Half a cosine from `base` at step 0 down to `minimum` at `totalSteps`, PyTorch's
/// `CosineAnnealingLR` closed form: `minimum + (base - minimum) · (1 + cos(π · step / totalSteps)) / 2`.
/// Unlike PyTorch, which climbs back up past `totalSteps`, it then stays at `minimum`.
public struct CosineAnnealing: LearningRateSchedule {
    /// The learning rate at step 0.
    public let base: Float
    /// The step at which the rate reaches `minimum`.
    public let totalSteps: Int
    /// The final learning rate.
    public let minimum: Float

    /// Anneals from `base` to `minimum` over `totalSteps`.
    public init(base: Float, totalSteps: Int, minimum: Float = 0) {
        precondition(totalSteps > 0, "CosineAnnealing: total steps \(totalSteps) must be positive")
        self.base = base
        self.totalSteps = totalSteps
        self.minimum = minimum
    }

    public func learningRate(at step: Int) -> Float {
        let progress = Float(min(max(step, 0), totalSteps)) / Float(totalSteps)
        return minimum + (base - minimum) * (1 + cos(.pi * progress)) / 2
    }
}
