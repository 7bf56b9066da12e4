import KDZoo

/// How a teacher's knowledge becomes the targets of a fitted student (a decision tree): the
/// temperature of the teacher's softmax, the share of its probabilities against the one-hot
/// labels, how many augmented copies of each training sample the teacher labels on top of the
/// originals, and the options of the fit itself.
public struct SoftLabelConfiguration: Codable, Equatable, Sendable {
    /// The temperature of the teacher's softmax; above 1 it spreads probability to the
    /// classes the teacher finds similar.
    public var temperature: Float = 1
    /// The weight of the teacher's probabilities in each target; the one-hot label gets `1 − alpha`.
    public var alpha: Float = 1
    /// Randomly shifted copies of every training image added to the transfer set, each labelled
    /// by the teacher (the copies' augmentation is the augmented provider's).
    public var augmentedCopies = 0
    public var fitting = FittingOptions()

    public init() {}

    /// Throws ``TrainingError/invalidConfiguration(_:)`` naming the first bad value.
    public func validate() throws {
        func check(_ ok: Bool, _ field: String, _ rule: String) throws {
            if !ok { throw TrainingError.invalidConfiguration("\(field): \(rule)") }
        }
        try check(temperature > 0 && temperature.isFinite, "temperature", "must be positive, got \(temperature)")
        try check((0...1).contains(alpha), "alpha", "must be in [0, 1], got \(alpha)")
        try check(augmentedCopies >= 0, "copies", "must not be negative, got \(augmentedCopies)")
        do {
            try fitting.validate()
        } catch let error as FittingError {
            throw TrainingError.invalidConfiguration(error.description)
        }
    }
}
