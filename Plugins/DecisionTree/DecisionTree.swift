import Foundation
import KDLayers
import KDTensor
import KDZoo

/// A CART classification tree (Breiman et al., 1984) whose leaves hold class-probability
/// vectors, fitted to soft targets: a teacher's probabilities, one-hot labels, or a mix.
///
/// Its state is the node arrays of ``TreeNodes`` — `feature`, `threshold`, `children` and
/// `value` (one class distribution per node), one row per node — so the node count is read off
/// the shapes when a saved tree is loaded (``StateResizing``). They are declared as parameters
/// so that parameter counts compare the tree's learned numbers with a network's, but no
/// gradient reaches them: the tree is fitted by ``fit(_:options:progress:)``.
///
/// Logits are the log of the reached leaf's probabilities (floored at 1e-6), so the softmax of
/// the logits is the leaf's distribution and the tree can teach any student.
///
/// Taps: `stage1` marks the nodes on each sample's path `[N, nodes]`; `embedding` is the
/// reached leaf's distribution `[N, classes]`; `logits`.
public final class DecisionTree: FittableNetwork, StateResizing, RuleDescribing {
    /// The deepest a fitted leaf may be, in splits.
    public let maxDepth: Int
    /// The number of values in one flattened sample.
    public let featureCount: Int
    public let classCount: Int

    @Parameter var feature: Tensor
    @Parameter var threshold: Tensor
    @Parameter var children: Tensor
    @Parameter var value: Tensor

    /// The smallest probability turned into a logit; keeps zero-probability classes finite.
    static let probabilityFloor: Float = 1e-6

    /// An unfitted tree: one leaf predicting the uniform distribution.
    public init(maxDepth: Int, featureCount: Int, classCount: Int) {
        precondition(maxDepth >= 0 && featureCount >= 1 && classCount >= 1,
                     "a tree needs depth >= 0, features >= 1 and classes >= 1, got \(maxDepth), \(featureCount), \(classCount)")
        self.maxDepth = maxDepth
        self.featureCount = featureCount
        self.classCount = classCount
        let tensors = TreeNodes(leaf: [Float](repeating: 1 / Float(classCount), count: classCount)).tensors
        (feature, threshold, children, value) = tensors
    }

    /// The tree as its state holds it.
    var nodes: TreeNodes {
        do {
            return try TreeNodes(feature: feature, threshold: threshold, children: children, value: value, features: featureCount)
        } catch {
            preconditionFailure("the tree's state was changed without validation (load it with loadResizing): \(error)")
        }
    }

    /// The number of nodes, inner and leaves.
    public var nodeCount: Int { feature.count }
    /// The number of leaves.
    public var leafCount: Int { nodes.leafCount }
    /// The longest root-to-leaf path of the fitted tree, in splits.
    public var depth: Int { nodes.depth }

    public func forward(_ input: Tensor) -> NetworkOutput {
        let batch = input.shape[0]
        precondition(input.count == batch * featureCount,
                     "the tree reads \(featureCount) features per sample, got \(Shape.describe(input.shape))")
        let nodes = self.nodes
        let classes = classCount, nodeCount = nodes.count
        let distributions = Tensor(uninitializedShape: [batch, classes])
        let logits = Tensor(uninitializedShape: [batch, classes])
        let paths = Tensor.zeros([batch, nodeCount])
        let (x, p, l, marks) = (input.pointer, distributions.pointer, logits.pointer, paths.pointer)
        parallelFor(batch, minimumChunk: 64) { samples in
            for i in samples {
                let row = marks + i * nodeCount
                let leaf = nodes.leaf(for: x + i * self.featureCount) { row[$0] = 1 }
                for c in 0..<classes {
                    let probability = nodes.value[leaf * classes + c]
                    p[i * classes + c] = probability
                    l[i * classes + c] = Foundation.log(max(probability, Self.probabilityFloor))
                }
            }
        }
        return NetworkOutput(logits: logits, features: [(TapName.stage(1), paths), (TapName.embedding, distributions)])
    }

    // MARK: FittableNetwork

    public var trainsByGradient: Bool { false }

    /// Grows the tree on `data` by greedy splits that minimise `options.criterion` against the
    /// target distributions, down to ``maxDepth``; each leaf holds the mean target of its samples.
    public func fit(_ data: FittingData, options: FittingOptions, progress: (FittingProgress) -> Void) throws {
        try options.validate()
        try FittingDataCheck(featureCount: featureCount, classCount: classCount).check(data)
        let grower = TreeGrower(data: data, featureCount: featureCount, maxDepth: maxDepth, options: options)
        (feature, threshold, children, value) = grower.grow(progress: progress).tensors
    }

    // MARK: StateResizing

    public func resizeState(toMatch stateDict: [(path: String, tensor: Tensor)]) throws {
        func tensor(_ name: String) throws -> Tensor {
            guard let found = stateDict.first(where: { $0.path == name })?.tensor else {
                throw FittingError.invalidState("the tree's state has no '\(name)' tensor")
            }
            return found
        }
        let loaded = try TreeNodes(feature: tensor("feature"), threshold: tensor("threshold"), children: tensor("children"),
                                   value: tensor("value"), features: featureCount)
        guard loaded.classes == classCount else {
            throw FittingError.invalidState("the saved tree predicts \(loaded.classes) classes, the model \(classCount)")
        }
        (feature, threshold, children, value) = (Tensor.zeros([loaded.count]), Tensor.zeros([loaded.count]),
                                                 Tensor.zeros([loaded.count, 2]), Tensor.zeros([loaded.count, classCount]))
    }

    // MARK: RuleDescribing

    public func rules(input: InputSpec, classNames: [String]) -> [String] {
        TreeRules(nodes: nodes, input: input, classNames: classNames).lines
    }

    public var structureSummary: String {
        let nodes = self.nodes
        return "\(nodes.count) nodes, \(nodes.leafCount) leaves, depth \(nodes.depth)"
    }
}
