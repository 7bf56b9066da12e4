import Foundation

/// `base · gamma^k` where `k` is the number of milestones reached (`milestone <= step`),
/// PyTorch's `MultiStepLR` (e.g. CIFAR recipes: milestones 150, 180, 210 with gamma 0.1).
public struct MultiStepDecay: LearningRateSchedule {
    /// The learning rate before the first milestone.
    public let base: Float
    /// The steps at which the rate decays, ascending.
    public let milestones: [Int]
    /// The factor applied at each milestone.
    public let gamma: Float

    /// Decays `base` by `gamma` at each of `milestones` (in any order).
    public init(base: Float, milestones: [Int], gamma: Float = 0.1) {
        self.base = base
        self.milestones = milestones.sorted()
        self.gamma = gamma
    }

    public func learningRate(at step: Int) -> Float {
        base * pow(gamma, Float(milestones.lazy.filter { $0 <= step }.count))
    }
}
