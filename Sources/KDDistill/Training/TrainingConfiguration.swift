import KDLayers

/// How students are optimised: epochs, batch size, optimiser, learning-rate schedule, seed.
/// Codable so that recipes (YAML) and checkpoints carry it; every field has a default.
public struct TrainingConfiguration: Codable, Equatable, Sendable {
    public enum OptimizerKind: String, Codable, CaseIterable, Sendable { case sgd, adam, adamw }
    public enum ScheduleKind: String, Codable, CaseIterable, Sendable { case constant, step, multistep, cosine }

    /// Sized for a CPU: a first run on the embedded dataset finishes in minutes. The long
    /// schedules of the literature (200+ epochs) live in recipes.
    public var epochs = 5
    public var batchSize = 64
    public var optimizer = OptimizerKind.sgd
    public var learningRate: Float = 0.05
    /// SGD momentum.
    public var momentum: Float = 0.9
    public var nesterov = false
    public var weightDecay: Float = 5e-4
    public var schedule = ScheduleKind.cosine
    /// Epochs between decays of the `step` schedule.
    public var stepSize = 30
    /// Epochs at which the `multistep` schedule decays.
    public var milestones: [Int] = [150, 180, 210]
    /// Decay factor of the step schedules.
    public var gamma: Float = 0.1
    /// Epochs of linear warm-up before the schedule.
    public var warmupEpochs = 0
    /// Clip the global gradient norm to this value, when set.
    public var clipNorm: Float?
    /// Random crop with padding and horizontal flips for image data.
    public var augment = false
    /// Seeds initialisation, shuffling, augmentation and dropout.
    public var seed: UInt64 = 0
    public var labelSmoothing: Float = 0

    public init() {}

    /// Every field as given, missing ones at their defaults (for recipes that set a few keys).
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = TrainingConfiguration()
        epochs = try c.decodeIfPresent(Int.self, forKey: .epochs) ?? d.epochs
        batchSize = try c.decodeIfPresent(Int.self, forKey: .batchSize) ?? d.batchSize
        optimizer = try c.decodeIfPresent(OptimizerKind.self, forKey: .optimizer) ?? d.optimizer
        learningRate = try c.decodeIfPresent(Float.self, forKey: .learningRate) ?? d.learningRate
        momentum = try c.decodeIfPresent(Float.self, forKey: .momentum) ?? d.momentum
        nesterov = try c.decodeIfPresent(Bool.self, forKey: .nesterov) ?? d.nesterov
        weightDecay = try c.decodeIfPresent(Float.self, forKey: .weightDecay) ?? d.weightDecay
        schedule = try c.decodeIfPresent(ScheduleKind.self, forKey: .schedule) ?? d.schedule
        stepSize = try c.decodeIfPresent(Int.self, forKey: .stepSize) ?? d.stepSize
        milestones = try c.decodeIfPresent([Int].self, forKey: .milestones) ?? d.milestones
        gamma = try c.decodeIfPresent(Float.self, forKey: .gamma) ?? d.gamma
        warmupEpochs = try c.decodeIfPresent(Int.self, forKey: .warmupEpochs) ?? d.warmupEpochs
        clipNorm = try c.decodeIfPresent(Float.self, forKey: .clipNorm)
        augment = try c.decodeIfPresent(Bool.self, forKey: .augment) ?? d.augment
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? d.seed
        labelSmoothing = try c.decodeIfPresent(Float.self, forKey: .labelSmoothing) ?? d.labelSmoothing
    }

    /// Checks the values a user can get wrong; the error names the field.
    public func validate() throws {
        func check(_ ok: Bool, _ field: String, _ rule: String) throws {
            if !ok { throw TrainingError.invalidConfiguration("\(field): \(rule)") }
        }
        try check(epochs >= 1, "epochs", "must be at least 1, got \(epochs)")
        try check(batchSize >= 1, "batch-size", "must be at least 1, got \(batchSize)")
        try check(learningRate > 0 && learningRate.isFinite, "learning-rate", "must be positive, got \(learningRate)")
        try check(momentum >= 0 && momentum < 1, "momentum", "must be in [0, 1), got \(momentum)")
        try check(weightDecay >= 0, "weight-decay", "must not be negative, got \(weightDecay)")
        try check(stepSize >= 1, "step-size", "must be at least 1, got \(stepSize)")
        try check(gamma > 0, "gamma", "must be positive, got \(gamma)")
        try check(warmupEpochs >= 0 && warmupEpochs < epochs, "warmup-epochs", "must be in [0, epochs), got \(warmupEpochs)")
        try check((0..<1).contains(labelSmoothing), "label-smoothing", "must be in [0, 1), got \(labelSmoothing)")
        if let clip = clipNorm { try check(clip > 0, "clip-norm", "must be positive, got \(clip)") }
    }
}
