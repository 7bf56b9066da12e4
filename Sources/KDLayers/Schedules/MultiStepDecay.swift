import Foundation

/// `base · gamma^k` where `k` is the number of milestones reached (`milestone <= step`),
/// PyTorch's `MultiStepLR` (e.g. CIFAR recipes: milestones 150, 180, 210 with gamma 0.1).
public struct MultiStepDecay: LearningRateSchedule {
    public let base: Float
    public let milestones: [Int]
    public let gamma: Float

    public init(base: Float, milestones: [Int], gamma: Float = 0.1) {
        self.base = base
        self.milestones = milestones.sorted()
        self.gamma = gamma
    }

    public func learningRate(at step: Int) -> Float {
        base * pow(gamma, Float(milestones.lazy.filter { $0 <= step }.count))
    }
}
