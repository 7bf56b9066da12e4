/// A linear ramp over the first `steps` steps followed by another schedule, as PyTorch's
/// `SequentialLR(LinearLR(startFactor, total_iters: steps), then, milestones: [steps])`:
/// step `s < steps` gets `then(0) · (startFactor + (1 - startFactor) · s / steps)`, and
/// step `s >= steps` gets `then(s - steps)`, so the wrapped schedule starts after the warm-up.
public struct LinearWarmup: LearningRateSchedule {
    /// The length of the ramp.
    public let steps: Int
    /// The fraction of `then`'s first rate used at step 0.
    public let startFactor: Float
    /// The schedule that takes over after the ramp, shifted to start at 0.
    public let then: any LearningRateSchedule

    /// `startFactor` defaults to PyTorch's `LinearLR` default, 1/3.
    public init(steps: Int, startFactor: Float = 1.0 / 3.0, then: any LearningRateSchedule) {
        precondition(steps >= 0, "LinearWarmup: steps \(steps) must not be negative")
        self.steps = steps
        self.startFactor = startFactor
        self.then = then
    }

    public func learningRate(at step: Int) -> Float {
        guard step < steps else { return then.learningRate(at: step - steps) }
        return then.learningRate(at: 0) * (startFactor + (1 - startFactor) * Float(step) / Float(steps))
    }
}
