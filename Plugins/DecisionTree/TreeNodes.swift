import KDTensor
import KDZoo

/// A CART tree as flat arrays, nodes in pre-order: node 0 is the root and every child comes
/// after its parent, so walking from the root always ends at a leaf. Sample `x` goes to the
/// left child of node `i` when `x[feature[i]] <= threshold[i]`. Every node keeps the mean
/// target distribution of the training samples that reached it; a leaf predicts its own.
struct TreeNodes: Equatable {
    /// The feature an inner node tests, `-1` at a leaf.
    var feature: [Int32] = []
    var threshold: [Float] = []
    /// Child indices, `-1` at a leaf.
    var left: [Int32] = []
    var right: [Int32] = []
    /// `count x classes` class distributions, row by node.
    var value: [Float] = []
    let classes: Int

    /// An empty tree over `classes` classes, to be filled by ``appendNode(distribution:)``.
    init(classes: Int) {
        self.classes = classes
    }

    /// A tree of one leaf predicting `distribution`: an unfitted tree.
    init(leaf distribution: [Float]) {
        self.init(classes: distribution.count)
        appendNode(distribution: distribution)
    }

    var count: Int { feature.count }

    var leafCount: Int { feature.lazy.filter { $0 < 0 }.count }

    /// The longest root-to-leaf path, in splits.
    var depth: Int {
        var depths = [Int](repeating: 0, count: count)
        for node in 0..<count where feature[node] >= 0 {
            depths[Int(left[node])] = depths[node] + 1
            depths[Int(right[node])] = depths[node] + 1
        }
        return depths.max() ?? 0
    }

    func isLeaf(_ node: Int) -> Bool { feature[node] < 0 }

    /// Appends a leaf predicting `distribution`; returns its index. ``makeSplit(_:feature:threshold:left:right:)``
    /// turns it into an inner node once its children exist.
    @discardableResult
    mutating func appendNode(distribution: [Float]) -> Int {
        precondition(distribution.count == classes, "a node needs \(classes) class probabilities, got \(distribution.count)")
        feature.append(-1)
        threshold.append(0)
        left.append(-1)
        right.append(-1)
        value.append(contentsOf: distribution)
        return count - 1
    }

    mutating func makeSplit(_ node: Int, feature index: Int, threshold value: Float, left leftChild: Int, right rightChild: Int) {
        feature[node] = Int32(index)
        threshold[node] = value
        left[node] = Int32(leftChild)
        right[node] = Int32(rightChild)
    }

    /// The leaf that `sample` (one flattened input) reaches; `visit` sees every node on the way, root first.
    @inline(__always)
    func leaf(for sample: UnsafePointer<Float>, visit: (Int) -> Void = { _ in }) -> Int {
        var node = 0
        visit(node)
        while feature[node] >= 0 {
            node = Int(sample[Int(feature[node])] <= threshold[node] ? left[node] : right[node])
            visit(node)
        }
        return node
    }
}

// MARK: - Tensors

extension TreeNodes {
    /// The state-dict tensors: `feature [nodes]`, `threshold [nodes]`, `children [nodes, 2]`,
    /// `value [nodes, classes]`, indices stored as exact float32 integers.
    var tensors: (feature: Tensor, threshold: Tensor, children: Tensor, value: Tensor) {
        (Tensor(shape: [count], feature.map(Float.init)),
         Tensor(shape: [count], threshold),
         Tensor(shape: [count, 2], zip(left, right).flatMap { [Float($0), Float($1)] }),
         Tensor(shape: [count, classes], value))
    }

    /// Reads the state-dict tensors back, checking that they describe a tree over
    /// `features` inputs: shapes agree, indices are integers in range, every node but the root
    /// has exactly one parent that precedes it, thresholds and probabilities are finite.
    init(feature: Tensor, threshold: Tensor, children: Tensor, value: Tensor, features: Int) throws {
        func invalid(_ message: String) -> FittingError { .invalidState(message) }
        let count = feature.count
        guard count >= 1, feature.shape == [count], threshold.shape == [count], children.shape == [count, 2],
              value.rank == 2, value.shape[0] == count, value.shape[1] >= 1 else {
            throw invalid("tree tensors disagree on the node count: feature \(Shape.describe(feature.shape)), threshold \(Shape.describe(threshold.shape)), children \(Shape.describe(children.shape)), value \(Shape.describe(value.shape))")
        }
        self.init(classes: value.shape[1])
        self.feature = try (0..<count).map { node in
            let f = feature.pointer[node]
            guard f == f.rounded(), f >= -1, f < Float(features) else {
                throw invalid("feature[\(node)] is \(f); expected -1 (a leaf) or a feature index below \(features)")
            }
            return Int32(f)
        }
        self.threshold = Array(UnsafeBufferPointer(start: threshold.pointer, count: count))
        self.value = Array(UnsafeBufferPointer(start: value.pointer, count: value.count))
        var parents = [Int](repeating: 0, count: count)
        for node in 0..<count {
            let (l, r) = (children.pointer[2 * node], children.pointer[2 * node + 1])
            if self.feature[node] < 0 {
                guard l == -1, r == -1 else { throw invalid("children[\(node)] is (\(l), \(r)) but node \(node) is a leaf") }
            } else {
                for child in [l, r] {
                    guard child == child.rounded(), child > Float(node), child < Float(count) else {
                        throw invalid("children[\(node)] is (\(l), \(r)); children must follow their parent and lie below \(count)")
                    }
                    parents[Int(child)] += 1
                }
                guard self.threshold[node].isFinite else { throw invalid("threshold[\(node)] is \(self.threshold[node])") }
            }
            left.append(Int32(l))
            right.append(Int32(r))
        }
        if let shared = parents.dropFirst().firstIndex(where: { $0 != 1 }) {
            throw invalid("node \(shared) has \(parents[shared]) parents; every node but the root needs exactly one")
        }
        if let bad = self.value.firstIndex(where: { !($0.isFinite && $0 >= 0) }) {
            throw invalid("value[\(bad / classes), \(bad % classes)] is \(self.value[bad]); class probabilities must be finite and non-negative")
        }
    }
}
