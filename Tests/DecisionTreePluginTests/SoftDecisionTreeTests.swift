import Foundation
@testable import DecisionTreePlugin
import KDLayers
import KDTensor
import KDTestSupport
import KDZoo
import XCTest

final class SoftDecisionTreeTests: XCTestCase {
    private func tree(depth: Int = 2, features: Int = 3, classes: Int = 3, penalty: Float = 0.1) -> SoftDecisionTree {
        withRandomSeed(1) { SoftDecisionTree(depth: depth, featureCount: features, classCount: classes, beta: 1.5, penaltyStrength: penalty) }
    }

    func testPathProbabilitiesAndMixtureAreDistributions() {
        let tree = tree(depth: 3)
        var generator = SeededGenerator(seed: 2)
        let output = noGrad { tree(Tensor.randomNormal([5, 3], using: &generator)) }
        XCTAssertEqual(output.taps.stages.map(\.tensor.shape), [[5, 2], [5, 4], [5, 8]])
        for (_, level) in output.taps.stages {
            for total in level.sum(alongAxes: [1]).scalars { XCTAssertEqual(total, 1, accuracy: 1e-5) }
        }
        for total in output.logits.exp().sum(alongAxes: [1]).scalars { XCTAssertEqual(total, 1, accuracy: 1e-5) }
    }

    /// The routing of a depth-1 tree by hand: one filter, two leaves.
    func testDepthOneTreeComputesTheMixtureByHand() {
        let tree = tree(depth: 1, features: 2, classes: 2)
        tree.filters.weight.assign(Tensor(shape: [1, 2], [1, -2]))
        tree.filters.bias!.assign(Tensor(shape: [1], [0.5]))
        tree.leafLogits.assign(Tensor(shape: [2, 2], [0, 1, 2, 0]))
        let x = Tensor(shape: [1, 2], [0.3, 0.1])
        let e = M_E, right = 1 / (1 + Foundation.exp(-1.5 * (0.3 - 0.2 + 0.5)))
        let leftLeaf = [1 / (1 + e), e / (1 + e)], rightLeaf = [e * e / (1 + e * e), 1 / (1 + e * e)]
        let expected = (0..<2).map { (1 - right) * leftLeaf[$0] + right * rightLeaf[$0] }
        let probabilities = noGrad { tree(x).logits.exp() }
        XCTAssertEqual(probabilities[0, 0], Float(expected[0]), accuracy: 1e-5)
        XCTAssertEqual(probabilities[0, 1], Float(expected[1]), accuracy: 1e-5)
    }

    func testObjectiveGradientsMatchFiniteDifferences() {
        let tree = tree(depth: 2)
        var generator = SeededGenerator(seed: 3)
        let inputs = Tensor.randomNormal([6, 3], using: &generator)
        let targets = Tensor.randomNormal([6, 3], using: &generator).softmax(alongAxis: 1)
        let objective = SoftTreeObjective(tree: tree)
        XCTAssertGradientsMatch(at: [tree.filters.weight, tree.filters.bias!, tree.leafLogits, inputs], epsilon: 1e-2, tolerance: 2e-2) { _ in
            objective.loss(inputs: inputs, targets: targets).total
        }
    }

    /// The path-weighted cross-entropy is the leaves' cross-entropies averaged by path probability.
    func testObjectiveMatchesItsDefinition() {
        let tree = tree(depth: 2, penalty: 0)
        var generator = SeededGenerator(seed: 4)
        let inputs = Tensor.randomNormal([4, 3], using: &generator)
        let targets = Tensor.randomNormal([4, 3], using: &generator).softmax(alongAxis: 1)
        let (total, crossEntropy, penalty) = noGrad { SoftTreeObjective(tree: tree).loss(inputs: inputs, targets: targets) }
        let leaves = noGrad { tree(inputs).taps[TapName.embedding]! }
        let logQ = noGrad { tree.leafLogits.logSoftmax(alongAxis: 1) }
        var expected: Float = 0
        for x in 0..<4 {
            for leaf in 0..<4 {
                for k in 0..<3 { expected -= leaves[x, leaf] * targets[x, k] * logQ[leaf, k] }
            }
        }
        XCTAssertEqual(crossEntropy.item, expected / 4, accuracy: 1e-5)
        XCTAssertEqual(penalty.item, 0)
        XCTAssertEqual(total.item, crossEntropy.item)
    }

    /// A node sending half the batch each way costs λ·½·2·log 2 at the root; one sending it all one way far more.
    func testBalancePenaltyIsSmallestForAnEvenSplit() {
        let tree = tree(depth: 1, features: 1, classes: 2, penalty: 1)
        tree.filters.weight.assign(Tensor(shape: [1, 1], [10]))
        let inputs = Tensor(shape: [2, 1], [-1, 1]), targets = Tensor(shape: [2, 2], [1, 0, 0, 1])
        tree.filters.bias!.assign(Tensor(shape: [1], [0]))
        let even = noGrad { SoftTreeObjective(tree: tree).loss(inputs: inputs, targets: targets).penalty.item }
        XCTAssertEqual(even, Float(log(2.0)), accuracy: 1e-4)
        tree.filters.bias!.assign(Tensor(shape: [1], [15]))
        XCTAssertGreaterThan(noGrad { SoftTreeObjective(tree: tree).loss(inputs: inputs, targets: targets).penalty.item }, even + 0.5)
    }

    func testFitLearnsASeparableProblemAndIsSeeded() throws {
        var generator = SeededGenerator(seed: 5)
        let inputs = Tensor.randomNormal([64, 2], using: &generator)
        let labels = (0..<64).map { inputs[$0, 0] + inputs[$0, 1] > 0 ? 1 : 0 }
        var options = FittingOptions()
        options.epochs = 30
        options.batchSize = 16
        options.learningRate = 0.05
        var losses: [Double] = []
        let tree = tree(depth: 2, features: 2, classes: 2)
        try tree.fit(.oneHot(inputs: inputs, labels: labels, classes: 2), options: options) { losses.append($0.loss!) }
        XCTAssertEqual(losses.count, 30)
        XCTAssertLessThan(losses.last!, losses.first! / 2)
        let predicted = noGrad { tree(inputs).logits }.argmax()
        XCTAssertGreaterThanOrEqual(zip(predicted, labels).filter { $0 == $1 }.count, 60)
        let again = self.tree(depth: 2, features: 2, classes: 2)
        try again.fit(.oneHot(inputs: inputs, labels: labels, classes: 2), options: options)
        XCTAssertEqual(again.filters.weight.scalars, tree.filters.weight.scalars)
    }
}
