import KDLayers
import KDTensor

extension TrainingConfiguration {
    /// The configured optimiser over `parameters`.
    public func makeOptimizer(parameters: [Tensor]) -> Optimizer {
        switch optimizer {
        case .sgd:
            SGD(parameters: parameters, learningRate: learningRate, momentum: momentum,
                weightDecay: weightDecay, nesterov: nesterov && momentum > 0)
        case .adam:
            Adam(parameters: parameters, learningRate: learningRate, weightDecay: weightDecay)
        case .adamw:
            AdamW(parameters: parameters, learningRate: learningRate, weightDecay: weightDecay)
        }
    }

    /// The configured learning rate for each epoch, warm-up included.
    public var learningRateSchedule: any LearningRateSchedule {
        let decay: any LearningRateSchedule = switch schedule {
        case .constant: ConstantLearningRate(base: learningRate)
        case .step: StepDecay(base: learningRate, stepSize: stepSize, gamma: gamma)
        case .multistep: MultiStepDecay(base: learningRate, milestones: milestones, gamma: gamma)
        case .cosine: CosineAnnealing(base: learningRate, totalSteps: epochs)
        }
        return warmupEpochs > 0 ? LinearWarmup(steps: warmupEpochs, then: decay) : decay
    }
}
