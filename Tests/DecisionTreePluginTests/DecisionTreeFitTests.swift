import Foundation
@testable import DecisionTreePlugin
import KDTensor
import KDZoo
import XCTest

final class DecisionTreeFitTests: XCTestCase {
    /// A checkerboard of 3 classes over the unit square: separable by axis-aligned cuts, but only
    /// by a tree deep enough to carve out every cell.
    private func checkerboard(samples: Int, seed: UInt64) -> (inputs: Tensor, labels: [Int]) {
        var generator = SeededGenerator(seed: seed)
        let inputs = Tensor.randomUniform([samples, 2], using: &generator)
        let labels = (0..<samples).map { i in
            (Int(inputs.pointer[2 * i] * 4) + Int(inputs.pointer[2 * i + 1] * 4)) % 3
        }
        return (inputs, labels)
    }

    private func predictions(of tree: DecisionTree, on inputs: Tensor) -> [Int] {
        noGrad { tree(inputs).logits }.argmax()
    }

    func testDeepTreeFitsASeparableSetPerfectly() throws {
        let (inputs, labels) = checkerboard(samples: 300, seed: 1)
        let tree = DecisionTree(maxDepth: 24, featureCount: 2, classCount: 3)
        try tree.fit(.oneHot(inputs: inputs, labels: labels, classes: 3), options: FittingOptions())
        XCTAssertEqual(predictions(of: tree, on: inputs), labels)
        // Every leaf is pure: one class with probability 1.
        let nodes = tree.nodes
        for node in 0..<nodes.count where nodes.isLeaf(node) {
            XCTAssertEqual(nodes.value[(node * 3)..<(node * 3 + 3)].max(), 1)
        }
        let shallow = DecisionTree(maxDepth: 2, featureCount: 2, classCount: 3)
        try shallow.fit(.oneHot(inputs: inputs, labels: labels, classes: 3), options: FittingOptions())
        XCTAssertNotEqual(predictions(of: shallow, on: inputs), labels, "a depth-2 tree cannot carve a checkerboard")
        XCTAssertLessThanOrEqual(shallow.depth, 2)
    }

    /// Fitted to a teacher's probabilities, a deeper tree reproduces them at least as well on
    /// the training points (in the criterion's own loss), down to (nearly) nothing once every point has its own leaf.
    func testSoftTargetErrorFallsMonotonicallyWithDepth() throws {
        var generator = SeededGenerator(seed: 2)
        let inputs = Tensor.randomNormal([120, 3], using: &generator)
        let mixing = Tensor.randomNormal([3, 4], std: 1.5, using: &generator)
        let teacher = inputs.matmul(mixing).softmax(alongAxis: 1)
        for criterion in FittingOptions.Criterion.allCases {
            var options = FittingOptions()
            options.criterion = criterion
            var errors: [Double] = []
            for depth in 0...10 {
                let tree = DecisionTree(maxDepth: depth, featureCount: 3, classCount: 4)
                try tree.fit(FittingData(inputs: inputs, targets: teacher), options: options)
                let predicted = noGrad { tree(inputs).taps[TapName.embedding]! }
                errors.append(meanLoss(criterion, predicted: predicted, targets: teacher))
            }
            for (shallower, deeper) in zip(errors, errors.dropFirst()) {
                XCTAssertLessThanOrEqual(deeper, shallower + 1e-7, "\(criterion): \(errors)")
            }
            XCTAssertGreaterThan(errors[0], 10 * errors[10], "\(criterion): \(errors)")
            XCTAssertLessThan(errors[10], 0.01, "\(criterion): \(errors)")
        }
    }

    /// The criterion's loss per sample, less its minimum: KL divergence for cross-entropy.
    private func meanLoss(_ criterion: FittingOptions.Criterion, predicted: Tensor, targets: Tensor) -> Double {
        let total = zip(predicted.scalars, targets.scalars).reduce(0.0) { sum, pair in
            let (p, t) = (Double(pair.0), Double(pair.1))
            return switch criterion {
            case .crossEntropy: sum + t * log(t / p)
            case .squaredError: sum + (p - t) * (p - t)
            }
        }
        return total / Double(targets.shape[0])
    }

    func testMinSamplesPerLeafIsRespected() throws {
        let problem = RandomProblem(samples: 100, features: 3, classes: 3, seed: 3)
        var options = FittingOptions()
        options.minSamplesPerLeaf = 9
        let tree = DecisionTree(maxDepth: 12, featureCount: 3, classCount: 3)
        try tree.fit(problem.data, options: options)
        var perLeaf: [Int: Int] = [:]
        let nodes = tree.nodes
        for i in 0..<100 { perLeaf[nodes.leaf(for: problem.inputs.pointer + 3 * i), default: 0] += 1 }
        XCTAssertGreaterThan(perLeaf.count, 3)
        XCTAssertGreaterThanOrEqual(perLeaf.values.min()!, 9)
    }

    func testFeatureSubsamplingIsSeeded() throws {
        let problem = RandomProblem(samples: 80, features: 10, classes: 3, seed: 4)
        func fit(seed: UInt64) throws -> TreeNodes {
            var options = FittingOptions()
            options.maxFeatures = 3
            options.seed = seed
            let tree = DecisionTree(maxDepth: 6, featureCount: 10, classCount: 3)
            try tree.fit(problem.data, options: options)
            return tree.nodes
        }
        XCTAssertEqual(try fit(seed: 1), try fit(seed: 1))
        XCTAssertNotEqual(try fit(seed: 1), try fit(seed: 2))
    }

    func testConstantFeaturesAreSkippedEvenWhenDrawn() throws {
        // Only feature 3 varies; a single drawn feature per node must still find it.
        let inputs = Tensor.zeros([8, 4])
        for i in 0..<8 { inputs.pointer[4 * i + 3] = Float(i) }
        var options = FittingOptions()
        options.maxFeatures = 1
        let tree = DecisionTree(maxDepth: 3, featureCount: 4, classCount: 2)
        try tree.fit(.oneHot(inputs: inputs, labels: [0, 0, 0, 0, 1, 1, 1, 1], classes: 2), options: options)
        XCTAssertEqual(tree.nodes.feature[0], 3)
        XCTAssertEqual(tree.nodes.threshold[0], 3.5)
        XCTAssertEqual(tree.nodeCount, 3)
    }

    func testBadDataAndOptionsAreRefusedWithOneLine() throws {
        let tree = DecisionTree(maxDepth: 3, featureCount: 4, classCount: 2)
        let inputs = Tensor.zeros([2, 4])
        XCTAssertThrowsError(try tree.fit(.oneHot(inputs: Tensor.zeros([2, 5]), labels: [0, 1], classes: 2), options: FittingOptions())) {
            XCTAssertEqual("\($0)", "the model reads 4 features per sample, the data has 5 (2x5)")
        }
        XCTAssertThrowsError(try tree.fit(.oneHot(inputs: inputs, labels: [0, 1], classes: 3), options: FittingOptions())) {
            XCTAssertEqual("\($0)", "the model predicts 2 classes, the targets have 3")
        }
        inputs.pointer[5] = .nan
        XCTAssertThrowsError(try tree.fit(.oneHot(inputs: inputs, labels: [0, 1], classes: 2), options: FittingOptions())) {
            XCTAssertEqual("\($0)", "input value 1 of sample 1 is nan")
        }
        var options = FittingOptions()
        options.minSamplesPerLeaf = 0
        XCTAssertThrowsError(try tree.fit(.oneHot(inputs: Tensor.zeros([2, 4]), labels: [0, 1], classes: 2), options: options)) {
            XCTAssertEqual("\($0)", "min-samples-leaf: must be at least 1, got 0")
        }
        XCTAssertThrowsError(try tree.fit(FittingData(inputs: Tensor.zeros([1, 4]), targets: Tensor(shape: [1, 2], [0.5, 0.6])),
                                          options: FittingOptions())) {
            XCTAssertEqual("\($0)", "the targets of sample 0 sum to 1.1, not 1")
        }
    }
}
