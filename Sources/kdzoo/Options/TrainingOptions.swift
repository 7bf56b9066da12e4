import ArgumentParser
import KDDistill

/// The optimisation flags shared by `train` and `distill`. Each overrides the recipe's value
/// (or the default) only when given.
struct TrainingOptions: ParsableArguments {
    @Option(help: "Training epochs (default: 5).") var epochs: Int?
    @Option(help: "Samples per batch.") var batchSize: Int?
    @Option(help: "Optimiser: sgd, adam or adamw.") var optimizer: TrainingConfiguration.OptimizerKind?
    @Option(name: [.customLong("lr"), .customLong("learning-rate")], help: "Initial learning rate.") var learningRate: Float?
    @Option(help: "SGD momentum.") var momentum: Float?
    @Flag(help: "Nesterov momentum (SGD).") var nesterov = false
    @Option(help: "L2 weight decay.") var weightDecay: Float?
    @Option(help: "Learning-rate schedule: constant, step, multistep or cosine.") var schedule: TrainingConfiguration.ScheduleKind?
    @Option(help: "Epochs between decays (step schedule).") var stepSize: Int?
    @Option(parsing: .upToNextOption, help: "Epochs at which the multistep schedule decays.") var milestones: [Int] = []
    @Option(help: "Decay factor of the step schedules.") var gamma: Float?
    @Option(help: "Epochs of linear learning-rate warm-up.") var warmupEpochs: Int?
    @Option(help: "Clip the global gradient norm to this value.") var clipNorm: Float?
    @Flag(help: "Augment images: random crop with 4-pixel padding and horizontal flips.") var augment = false
    @Option(help: "Random seed for initialisation, shuffling and augmentation.") var seed: UInt64?
    @Option(help: "Label smoothing of the cross-entropy term.") var labelSmoothing: Float?

    /// `base` with every given flag applied.
    func applied(to base: TrainingConfiguration) -> TrainingConfiguration {
        var c = base
        if let epochs { c.epochs = epochs }
        if let batchSize { c.batchSize = batchSize }
        if let optimizer { c.optimizer = optimizer }
        if let learningRate { c.learningRate = learningRate }
        if let momentum { c.momentum = momentum }
        if nesterov { c.nesterov = true }
        if let weightDecay { c.weightDecay = weightDecay }
        if let schedule { c.schedule = schedule }
        if let stepSize { c.stepSize = stepSize }
        if !milestones.isEmpty { c.milestones = milestones }
        if let gamma { c.gamma = gamma }
        if let warmupEpochs { c.warmupEpochs = warmupEpochs }
        if let clipNorm { c.clipNorm = clipNorm }
        if augment { c.augment = true }
        if let seed { c.seed = seed }
        if let labelSmoothing { c.labelSmoothing = labelSmoothing }
        return c
    }
}

extension TrainingConfiguration.OptimizerKind: ExpressibleByArgument {}
extension TrainingConfiguration.ScheduleKind: ExpressibleByArgument {}
