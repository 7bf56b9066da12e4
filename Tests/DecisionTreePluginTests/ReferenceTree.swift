import Foundation
@testable import DecisionTreePlugin
import KDTensor
import KDZoo

/// A deliberately naive CART: at every node, every feature and every threshold between
/// consecutive distinct values is scored by recomputing both sides' losses from their samples.
/// What the fast grower must reproduce.
struct ReferenceTree {
    let inputs: [[Float]]
    let targets: [[Double]]
    let criterion: FittingOptions.Criterion
    let minSamplesPerLeaf: Int

    /// The loss of a set of samples at its mean target, from the definition.
    func loss(of samples: [Int]) -> Double {
        let classes = targets[0].count
        let mean = (0..<classes).map { c in samples.reduce(0.0) { $0 + targets[$1][c] } / Double(samples.count) }
        return samples.reduce(0.0) { total, i in
            total + (0..<classes).reduce(0.0) { sum, c in
                switch criterion {
                case .crossEntropy: targets[i][c] > 0 ? sum - targets[i][c] * log(mean[c]) : sum
                case .squaredError: sum + (targets[i][c] - mean[c]) * (targets[i][c] - mean[c])
                }
            }
        }
    }

    /// The lowest-cost split of `samples`: (feature, threshold, cost), ties to the lowest
    /// feature then the lowest threshold.
    func bestSplit(of samples: [Int]) -> (feature: Int, threshold: Float, cost: Double)? {
        var best: (feature: Int, threshold: Float, cost: Double)?
        for feature in 0..<inputs[0].count {
            let distinct = Array(Set(samples.map { inputs[$0][feature] })).sorted()
            for (low, high) in zip(distinct, distinct.dropFirst()) {
                let threshold = SplitSearch.threshold(between: low, and: high)
                let left = samples.filter { inputs[$0][feature] <= threshold }
                let right = samples.filter { inputs[$0][feature] > threshold }
                guard left.count >= minSamplesPerLeaf, right.count >= minSamplesPerLeaf else { continue }
                let cost = loss(of: left) + loss(of: right)
                if cost < best?.cost ?? .infinity { best = (feature, threshold, cost) }
            }
        }
        return best
    }

    /// The whole tree, as `TreeNodes` in pre-order.
    func grow(maxDepth: Int) -> TreeNodes {
        var nodes = TreeNodes(classes: targets[0].count)
        _ = grow(Array(0..<inputs.count), depth: 0, maxDepth: maxDepth, into: &nodes)
        return nodes
    }

    private func grow(_ samples: [Int], depth: Int, maxDepth: Int, into nodes: inout TreeNodes) -> Int {
        let classes = targets[0].count
        let mean = (0..<classes).map { c in Float(samples.reduce(0.0) { $0 + targets[$1][c] } / Double(samples.count)) }
        let node = nodes.appendNode(distribution: mean)
        let here = loss(of: samples)
        guard depth < maxDepth, let split = bestSplit(of: samples), here - split.cost > 1e-9 * Double(samples.count) else {
            return node
        }
        let left = grow(samples.filter { inputs[$0][split.feature] <= split.threshold }, depth: depth + 1, maxDepth: maxDepth, into: &nodes)
        let right = grow(samples.filter { inputs[$0][split.feature] > split.threshold }, depth: depth + 1, maxDepth: maxDepth, into: &nodes)
        nodes.makeSplit(node, feature: split.feature, threshold: split.threshold, left: left, right: right)
        return node
    }
}

/// Random data for tree tests: inputs (optionally rounded to a few levels, so values repeat)
/// and soft targets drawn as softmaxes of random scores.
struct RandomProblem {
    let inputs: Tensor
    let targets: Tensor

    init(samples: Int, features: Int, classes: Int, levels: Int? = nil, sharpness: Float = 2, seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        let inputs = Tensor.randomNormal([samples, features], using: &generator)
        if let levels { for i in 0..<inputs.count { inputs.pointer[i] = (inputs.pointer[i] * Float(levels) / 4).rounded() } }
        self.inputs = inputs
        targets = (Tensor.randomNormal([samples, classes], std: sharpness, using: &generator)).softmax(alongAxis: 1)
    }

    var data: FittingData { FittingData(inputs: inputs, targets: targets) }

    var rows: [[Float]] {
        let d = inputs.shape[1]
        return (0..<inputs.shape[0]).map { i in (0..<d).map { inputs.pointer[i * d + $0] } }
    }

    var targetRows: [[Double]] {
        let c = targets.shape[1]
        return (0..<targets.shape[0]).map { i in (0..<c).map { Double(targets.pointer[i * c + $0]) } }
    }
}
