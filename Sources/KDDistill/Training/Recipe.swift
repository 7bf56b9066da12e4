import Foundation

/// Everything a run needs, as a recipe file under `zoo/recipes` states it: the models, the
/// method and its hyper-parameters, the dataset and the training configuration. Every key is
/// optional; command-line flags override the recipe.
public struct Recipe: Codable, Equatable, Sendable {
    /// For `kdzoo train`: the architecture to train.
    public var arch: String?
    /// The teachers (`teacher: wrn` or `teacher: [wrn, resnet56]`; `teachers: a,b` adds more).
    public var teacher: [String]?
    /// The students (`student: wrn-16-2` or a list).
    public var student: [String]?
    public var method: String?
    public var dataset: String?
    /// Whether `distill` also trains the teacher-free baseline.
    public var baseline: Bool?
    /// The weight of the hard-label cross-entropy, when not derived from α.
    public var ceWeight: Float?
    /// Fixed weights of the teachers' losses, one per teacher.
    public var teacherWeights: [Float]?
    /// `uniform` or `confidence`.
    public var teacherWeighting: String?
    /// The α of the distillation metric.
    public var metricAlpha: Double?
    /// The methods' hyper-parameters (`temperature`, `alpha`, `at-weight`, ...).
    public var methodOptions: MethodOptions
    public var training: TrainingConfiguration

    public init() {
        methodOptions = MethodOptions()
        training = TrainingConfiguration()
    }

    private enum CodingKeys: String, CodingKey {
        case arch, teacher, teachers, student, method, dataset, baseline, ceWeight, teacherWeights, teacherWeighting, metricAlpha
    }

    /// Reads the model keys from the recipe and the method and training keys from the same flat mapping.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        arch = try c.decodeIfPresent(String.self, forKey: .arch)
        let teachers = try Self.names(c, .teacher) + Self.names(c, .teachers)
        teacher = teachers.isEmpty ? nil : teachers
        let students = try Self.names(c, .student)
        student = students.isEmpty ? nil : students
        method = try c.decodeIfPresent(String.self, forKey: .method)
        dataset = try c.decodeIfPresent(String.self, forKey: .dataset)
        baseline = try c.decodeIfPresent(Bool.self, forKey: .baseline)
        ceWeight = try c.decodeIfPresent(Float.self, forKey: .ceWeight)
        teacherWeights = try c.decodeIfPresent([Float].self, forKey: .teacherWeights)
        teacherWeighting = try c.decodeIfPresent(String.self, forKey: .teacherWeighting)
        metricAlpha = try c.decodeIfPresent(Double.self, forKey: .metricAlpha)
        methodOptions = try MethodOptions(from: decoder)
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
        try c.encodeIfPresent(ceWeight, forKey: .ceWeight)
        try c.encodeIfPresent(teacherWeights, forKey: .teacherWeights)
        try c.encodeIfPresent(teacherWeighting, forKey: .teacherWeighting)
        try c.encodeIfPresent(metricAlpha, forKey: .metricAlpha)
        try methodOptions.encode(to: encoder)
        try training.encode(to: encoder)
    }

    /// Model names under `key`: one name, a comma-separated list, or a YAML list.
    private static func names(_ c: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys) throws -> [String] {
        if let list = try? c.decodeIfPresent([String].self, forKey: key) { return list }
        return try c.decodeIfPresent(String.self, forKey: key).map(ModelList.split) ?? []
    }
}

/// Lists of model names as a flag or recipe writes them.
public enum ModelList {
    /// `a,b , c` -> `[a, b, c]`.
    public static func split(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
