/// Everything a run needs, as a recipe file under `zoo/recipes` states it: the models, the
/// method and its hyper-parameters, the dataset and the training configuration. Every key is
/// optional; command-line flags override the recipe.
public struct Recipe: Codable, Equatable, Sendable {
    /// For `kdzoo train`: the architecture to train.
    public var arch: String?
    public var teacher: String?
    public var student: String?
    public var method: String?
    public var dataset: String?
    /// Whether `distill` also trains the teacher-free baseline.
    public var baseline: Bool?
    /// Hinton KD's temperature and soft-target weight α.
    public var temperature: Float?
    public var alpha: Float?
    /// The weight of the hard-label cross-entropy, when not derived from α.
    public var ceWeight: Float?
    /// The α of the distillation metric.
    public var metricAlpha: Double?
    public var training: TrainingConfiguration

    public init() {
        training = TrainingConfiguration()
    }

    private enum CodingKeys: String, CodingKey {
        case arch, teacher, student, method, dataset, baseline, temperature, alpha, ceWeight, metricAlpha
    }

    /// Reads the model keys from the recipe and the training keys from the same flat mapping.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        arch = try c.decodeIfPresent(String.self, forKey: .arch)
        teacher = try c.decodeIfPresent(String.self, forKey: .teacher)
        student = try c.decodeIfPresent(String.self, forKey: .student)
        method = try c.decodeIfPresent(String.self, forKey: .method)
        dataset = try c.decodeIfPresent(String.self, forKey: .dataset)
        baseline = try c.decodeIfPresent(Bool.self, forKey: .baseline)
        temperature = try c.decodeIfPresent(Float.self, forKey: .temperature)
        alpha = try c.decodeIfPresent(Float.self, forKey: .alpha)
        ceWeight = try c.decodeIfPresent(Float.self, forKey: .ceWeight)
        metricAlpha = try c.decodeIfPresent(Double.self, forKey: .metricAlpha)
        training = try TrainingConfiguration(from: decoder)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(arch, forKey: .arch)
        try c.encodeIfPresent(teacher, forKey: .teacher)
        try c.encodeIfPresent(student, forKey: .student)
        try c.encodeIfPresent(method, forKey: .method)
        try c.encodeIfPresent(dataset, forKey: .dataset)
        try c.encodeIfPresent(baseline, forKey: .baseline)
        try c.encodeIfPresent(temperature, forKey: .temperature)
        try c.encodeIfPresent(alpha, forKey: .alpha)
        try c.encodeIfPresent(ceWeight, forKey: .ceWeight)
        try c.encodeIfPresent(metricAlpha, forKey: .metricAlpha)
        try training.encode(to: encoder)
    }
}
