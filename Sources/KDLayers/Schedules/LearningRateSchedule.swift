/// A learning rate as a pure function of the step (an epoch or an iteration, whichever the
/// trainer counts), so resuming a run needs nothing but the step number.
public protocol LearningRateSchedule {
    /// The learning rate for step `step` (0 for the first).
    func learningRate(at step: Int) -> Float
}

/// The same learning rate at every step.
public struct ConstantLearningRate: LearningRateSchedule {
    /// The learning rate.
    public let base: Float

    /// A schedule that always answers `base`.
    public init(base: Float) {
        self.base = base
    }

    public func learningRate(at step: Int) -> Float { base }
}
