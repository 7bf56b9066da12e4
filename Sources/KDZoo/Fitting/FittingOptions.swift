/// Options of a ``FittableNetwork/fit(_:options:progress:)``. Trees read the split options,
/// networks fitted by gradient (soft decision trees) the optimisation ones; every field has a
/// default, and ``validate()`` names the field of a bad value.
public struct FittingOptions: Codable, Equatable, Sendable {
    /// What a split or a leaf minimises against the target distributions.
    public enum Criterion: String, Codable, CaseIterable, Sendable {
        /// Cross-entropy to the targets: a node's impurity is `n · H(mean target)`, the entropy
        /// criterion generalised to soft targets.
        case crossEntropy = "cross-entropy"
        /// Squared error to the targets: the Gini criterion generalised to soft targets.
        case squaredError = "squared-error"
    }

    public var criterion = Criterion.crossEntropy
    /// A split must leave at least this many samples on each side.
    public var minSamplesPerLeaf = 1
    /// How many features, drawn at random for each node, a split may use; `nil` for all.
    public var maxFeatures: Int?
    /// Seeds the feature draws of trees and the initialisation and batch order of gradient fits.
    public var seed: UInt64 = 0
    /// Passes over the data of a gradient fit.
    public var epochs = 40
    /// Mini-batch size of a gradient fit.
    public var batchSize = 64
    /// Adam's learning rate in a gradient fit.
    public var learningRate: Float = 0.01

    public init() {}

    /// Throws ``FittingError/invalidOption(_:)`` for the first value out of range.
    public func validate() throws {
        func check(_ ok: Bool, _ field: String, _ rule: String) throws {
            if !ok { throw FittingError.invalidOption("\(field): \(rule)") }
        }
        try check(minSamplesPerLeaf >= 1, "min-samples-leaf", "must be at least 1, got \(minSamplesPerLeaf)")
        if let maxFeatures { try check(maxFeatures >= 1, "max-features", "must be at least 1, got \(maxFeatures)") }
        try check(epochs >= 1, "epochs", "must be at least 1, got \(epochs)")
        try check(batchSize >= 1, "batch-size", "must be at least 1, got \(batchSize)")
        try check(learningRate > 0 && learningRate.isFinite, "learning-rate", "must be positive, got \(learningRate)")
    }
}

/// Why a fit or a fitted model's state was refused; `description` is one line naming the cause.
public enum FittingError: Error, Equatable, CustomStringConvertible {
    /// A fitting option out of range, prefixed by its name.
    case invalidOption(String)
    /// Data the network cannot be fitted to (wrong feature or class count, no samples).
    case invalidData(String)
    /// A saved state that does not describe a valid fitted model (e.g. a tree whose child
    /// indices point outside it).
    case invalidState(String)
    /// A gradient fit whose loss stopped being finite.
    case diverged(String)

    public var description: String {
        switch self {
        case .invalidOption(let message), .invalidData(let message), .invalidState(let message), .diverged(let message): message
        }
    }
}
