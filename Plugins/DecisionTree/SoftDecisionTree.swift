import KDLayers
import KDTensor
import KDZoo

/// The soft decision tree of Frosst and Hinton (2017), "Distilling a Neural Network Into a Soft
/// Decision Tree": a complete binary tree of `depth` levels of inner nodes whose filters route
/// every sample to both children, to the right with probability `σ(β·(w·x + b))`, and whose
/// `2^depth` leaves each hold a learned class distribution `softmax(φ)`.
///
/// Inner nodes are numbered level by level (node `i`'s children are `2i + 1` and `2i + 2`);
/// `filters.weight [inner, features]` and `filters.bias [inner]` hold their filters,
/// `leaf_logits [leaves, classes]` the leaves' φ, and the buffer `beta` the inverse temperature.
///
/// A differentiable network like any other: its logits are the log of the leaves' distributions
/// mixed by their path probabilities, so the gradient trainer can train it with any method.
/// Its own ``fit(_:options:progress:)`` follows the paper instead (see ``SoftTreeObjective``).
///
/// Taps: `stage1`...`stage<depth>`, the path probabilities of the nodes at each level below
/// the root `[N, 2^level]`; `embedding`, the leaves' path probabilities `[N, leaves]`; `logits`.
public final class SoftDecisionTree: FittableNetwork {
    public let depth: Int
    public let featureCount: Int
    public let classCount: Int
    let filters: Linear
    @Parameter var leafLogits: Tensor
    @Buffer var beta: Tensor
    /// λ of the balance penalty at the root; a node at depth d gets `λ · 2^-d`.
    public var penaltyStrength: Float

    /// A tree initialised from the current random scope: filters as a linear layer, leaf
    /// logits from `N(0, 0.1²)`.
    public init(depth: Int, featureCount: Int, classCount: Int, beta: Float = 1, penaltyStrength: Float = 0.01) {
        precondition(depth >= 1 && featureCount >= 1 && classCount >= 1,
                     "a soft tree needs depth, features and classes >= 1, got \(depth), \(featureCount), \(classCount)")
        self.depth = depth
        self.featureCount = featureCount
        self.classCount = classCount
        self.penaltyStrength = penaltyStrength
        filters = Linear(inFeatures: featureCount, outFeatures: (1 << depth) - 1)
        leafLogits = Tensor.zeros([1 << depth, classCount])
        self.beta = Tensor(shape: [1], [beta])
        Init.normal(leafLogits, std: 0.1)
    }

    public var innerNodeCount: Int { (1 << depth) - 1 }
    public var leafCount: Int { 1 << depth }

    /// How a batch flows through the tree.
    struct Routing {
        /// `[N, inner]`: the probability of going right at each inner node.
        let right: Tensor
        /// `[N, inner]`: the probability of reaching each inner node.
        let innerReach: Tensor
        /// The path probabilities of each level below the root, `[N, 2^level]`; the last is the leaves'.
        let levels: [Tensor]
        var leafReach: Tensor { levels.last! }
    }

    func route(_ input: Tensor) -> Routing {
        let n = input.shape[0]
        let right = (filters(input.reshaped(to: [n, featureCount])) * beta).sigmoid()
        var reach = Tensor.ones([n, 1])
        var innerLevels: [Tensor] = []
        var levels: [Tensor] = []
        for level in 0..<depth {
            let width = 1 << level
            innerLevels.append(reach)
            let goRight = right.slice(alongAxis: 1, (width - 1)..<(2 * width - 1))
            let children = [reach * (1 - goRight), reach * goRight].map { $0.reshaped(to: [n, width, 1]) }
            reach = Tensor.concatenate(children, alongAxis: 2).reshaped(to: [n, 2 * width])
            levels.append(reach)
        }
        return Routing(right: right, innerReach: Tensor.concatenate(innerLevels, alongAxis: 1), levels: levels)
    }

    public func forward(_ input: Tensor) -> NetworkOutput {
        let routing = route(input)
        let mixture = routing.leafReach.matmul(leafLogits.softmax(alongAxis: 1))
        // The mixture is positive, but a class every leaf rules out can underflow.
        let logits = mixture.clamped(min: 1e-30).log()
        let stages = routing.levels.enumerated().map { (TapName.stage($0.offset + 1), $0.element) }
        return NetworkOutput(logits: logits, features: stages + [(TapName.embedding, routing.leafReach)])
    }

    /// Redraws every parameter from the current random scope, as a new tree would be.
    func resetParameters() {
        Init.kaimingUniform(filters.weight, nonlinearity: .leakyRelu(negativeSlope: Float(5).squareRoot()))
        if let bias = filters.bias { Init.fanInUniform(bias, fanIn: featureCount) }
        Init.normal(leafLogits, std: 0.1)
    }

    // MARK: FittableNetwork

    public var trainsByGradient: Bool { true }

    /// Trains the tree from a fresh initialisation (seeded by `options.seed`) by Adam on
    /// mini-batches of ``SoftTreeObjective``: the path-probability-weighted cross-entropy of
    /// the leaves to the targets plus the balance penalty.
    public func fit(_ data: FittingData, options: FittingOptions, progress: (FittingProgress) -> Void) throws {
        try options.validate()
        try FittingDataCheck(featureCount: featureCount, classCount: classCount).check(data)
        try SoftTreeFitting(tree: self, options: options).run(on: data, progress: progress)
    }
}
