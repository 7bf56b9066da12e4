@testable import DecisionTreePlugin
import KDTensor
import KDZoo
import XCTest

/// The presorted, prefix-sum grower against the naive reference on small random data.
final class SplitSearchTests: XCTestCase {
    private func compare(_ problem: RandomProblem, criterion: FittingOptions.Criterion, minSamplesPerLeaf: Int,
                         maxDepth: Int, file: StaticString = #filePath, line: UInt = #line) throws {
        var options = FittingOptions()
        options.criterion = criterion
        options.minSamplesPerLeaf = minSamplesPerLeaf
        let tree = DecisionTree(maxDepth: maxDepth, featureCount: problem.inputs.shape[1], classCount: problem.targets.shape[1])
        try tree.fit(problem.data, options: options)
        let expected = ReferenceTree(inputs: problem.rows, targets: problem.targetRows, criterion: criterion,
                                     minSamplesPerLeaf: minSamplesPerLeaf).grow(maxDepth: maxDepth)
        let fitted = tree.nodes
        XCTAssertGreaterThan(expected.count, 1, "the reference should split", file: file, line: line)
        XCTAssertEqual(fitted.feature, expected.feature, "\(criterion)", file: file, line: line)
        XCTAssertEqual(fitted.threshold, expected.threshold, "\(criterion)", file: file, line: line)
        XCTAssertEqual(fitted.left, expected.left, file: file, line: line)
        XCTAssertEqual(fitted.right, expected.right, file: file, line: line)
        for (a, b) in zip(fitted.value, expected.value) { XCTAssertEqual(a, b, accuracy: 1e-6, file: file, line: line) }
    }

    func testRootSplitMatchesBruteForceForBothCriteria() throws {
        let problem = RandomProblem(samples: 30, features: 4, classes: 3, seed: 1)
        for criterion in FittingOptions.Criterion.allCases {
            try compare(problem, criterion: criterion, minSamplesPerLeaf: 1, maxDepth: 1)
        }
    }

    func testWholeTreeMatchesBruteForceWithContinuousFeatures() throws {
        let problem = RandomProblem(samples: 48, features: 5, classes: 3, seed: 2)
        for criterion in FittingOptions.Criterion.allCases {
            try compare(problem, criterion: criterion, minSamplesPerLeaf: 2, maxDepth: 4)
        }
    }

    /// Repeated values: thresholds only between distinct values, and the stable partition
    /// keeps every feature's order sorted within each child.
    func testWholeTreeMatchesBruteForceWithRepeatedValues() throws {
        let problem = RandomProblem(samples: 60, features: 4, classes: 4, levels: 3, seed: 3)
        for criterion in FittingOptions.Criterion.allCases {
            try compare(problem, criterion: criterion, minSamplesPerLeaf: 3, maxDepth: 5)
        }
    }

    func testThresholdLiesBetweenTheTwoValues() {
        XCTAssertEqual(SplitSearch.threshold(between: 1, and: 2), 1.5)
        let low: Float = 1, high = low.nextUp
        XCTAssertEqual(SplitSearch.threshold(between: low, and: high), low, "no float lies strictly between neighbours")
    }

    func testImpurityFormulasMatchTheirDefinitions() {
        let problem = RandomProblem(samples: 7, features: 1, classes: 3, seed: 4)
        let targets = problem.targetRows
        let sum = (0..<3).map { c in targets.reduce(0.0) { $0 + $1[c] } }
        let squares = targets.reduce(0.0) { $0 + $1.reduce(0.0) { $0 + $1 * $1 } }
        for criterion in FittingOptions.Criterion.allCases {
            let reference = ReferenceTree(inputs: problem.rows, targets: targets, criterion: criterion, minSamplesPerLeaf: 1)
            let fast = sum.withUnsafeBufferPointer {
                NodeImpurity.of(criterion, sum: $0.baseAddress!, classes: 3, squares: squares, count: 7)
            }
            XCTAssertEqual(fast, reference.loss(of: Array(0..<7)), accuracy: 1e-9, "\(criterion)")
        }
    }
}
