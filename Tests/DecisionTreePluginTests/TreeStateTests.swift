@testable import DecisionTreePlugin
import KDLayers
import KDTensor
import KDZoo
import XCTest

final class TreeStateTests: XCTestCase {
    /// root: x[1] <= 0.5 ? leaf A : (x[0] <= -1 ? leaf B : leaf C), over 2 classes.
    private func handBuiltTree() -> DecisionTree {
        var nodes = TreeNodes(classes: 2)
        nodes.appendNode(distribution: [0.5, 0.5])
        nodes.appendNode(distribution: [0.9, 0.1])
        nodes.appendNode(distribution: [0.2, 0.8])
        nodes.appendNode(distribution: [0, 1])
        nodes.appendNode(distribution: [0.75, 0.25])
        nodes.makeSplit(2, feature: 0, threshold: -1, left: 3, right: 4)
        nodes.makeSplit(0, feature: 1, threshold: 0.5, left: 1, right: 2)
        let tree = DecisionTree(maxDepth: 2, featureCount: 4, classCount: 2)
        let tensors = nodes.tensors
        try! tree.loadResizing(stateDict: [("feature", tensors.feature), ("threshold", tensors.threshold),
                                           ("children", tensors.children), ("value", tensors.value)])
        return tree
    }

    func testForwardRoutesEachSampleAndReportsItsPath() {
        let tree = handBuiltTree()
        let batch = Tensor(shape: [3, 4], [0, 0.5, 0, 0,   // left at the root -> node 1
                                          -2, 1, 0, 0,    // right, then left -> node 3
                                          -1, 0.6, 0, 0])  // right, then left (x[0] == threshold) -> node 3
        let output = noGrad { tree(batch) }
        XCTAssertEqual(output.taps[TapName.embedding]!.scalars, [0.9, 0.1, 0, 1, 0, 1])
        XCTAssertEqual(output.taps[TapName.stage(1)]!.scalars, [1, 1, 0, 0, 0,  1, 0, 1, 1, 0,  1, 0, 1, 1, 0])
        XCTAssertEqual(output.logits[0, 0], log(0.9), accuracy: 1e-6)
        XCTAssertEqual(output.logits[1, 0], log(DecisionTree.probabilityFloor), accuracy: 1e-6, "zero probabilities stay finite")
        XCTAssertEqual(output.logits.softmax(alongAxis: 1)[0, 1], 0.1, accuracy: 1e-6)
        XCTAssertEqual(tree.nodeCount, 5)
        XCTAssertEqual(tree.leafCount, 3)
        XCTAssertEqual(tree.depth, 2)
        XCTAssertEqual(tree.parameterCount, 5 * (1 + 1 + 2 + 2))
    }

    func testStateRoundTripsIntoATreeOfAnotherSize() throws {
        let problem = RandomProblem(samples: 60, features: 4, classes: 3, seed: 5)
        let source = DecisionTree(maxDepth: 5, featureCount: 4, classCount: 3)
        try source.fit(problem.data, options: FittingOptions())
        let target = DecisionTree(maxDepth: 5, featureCount: 4, classCount: 3)
        XCTAssertThrowsError(try target.load(stateDict: source.stateDict()), "a plain strict load sees other shapes")
        try target.loadResizing(stateDict: source.stateDict().map { ($0.path, $0.tensor.copy()) })
        XCTAssertEqual(target.nodes, source.nodes)
        XCTAssertEqual(noGrad { target(problem.inputs).logits }.scalars, noGrad { source(problem.inputs).logits }.scalars)
    }

    func testMalformedStatesAreRefusedNamingTheTensor() {
        let tree = handBuiltTree()
        func refusal(_ change: (inout [(path: String, tensor: Tensor)]) -> Void) -> String {
            var state: [(path: String, tensor: Tensor)] = tree.stateDict().map { ($0.path, $0.tensor.copy()) }
            change(&state)
            do {
                try DecisionTree(maxDepth: 2, featureCount: 4, classCount: 2).loadResizing(stateDict: state)
                return "accepted"
            } catch {
                return "\(error)"
            }
        }
        func set(_ name: String, _ index: Int, _ value: Float) -> (inout [(path: String, tensor: Tensor)]) -> Void {
            { state in state.first { $0.path == name }!.tensor.pointer[index] = value }
        }
        XCTAssertEqual(refusal { _ in }, "accepted")
        XCTAssertEqual(refusal(set("feature", 0, 4)), "feature[0] is 4.0; expected -1 (a leaf) or a feature index below 4")
        XCTAssertEqual(refusal(set("children", 4, 1)),
                       "children[2] is (1.0, 4.0); children must follow their parent and lie below 5")
        XCTAssertEqual(refusal(set("children", 5, 3)), "node 3 has 2 parents; every node but the root needs exactly one")
        XCTAssertEqual(refusal(set("children", 2, 3)), "children[1] is (3.0, -1.0) but node 1 is a leaf")
        XCTAssertEqual(refusal(set("value", 1, -0.5)),
                       "value[0, 1] is -0.5; class probabilities must be finite and non-negative")
        XCTAssertEqual(refusal { $0.removeAll { $0.path == "threshold" } }, "the tree's state has no 'threshold' tensor")
        XCTAssertEqual(refusal { state in
            let index = state.firstIndex { $0.path == "value" }!
            state[index].tensor = Tensor.zeros([5, 3])
        }, "the saved tree predicts 3 classes, the model 2")
    }

    func testRulesNameFeaturesByPixelAndClassesByName() throws {
        let rules = handBuiltTree().rules(input: try InputSpec(parsing: "1x2x2"), classNames: ["cat", "dog"])
        XCTAssertEqual(rules, [
            "if x[1] (y=0, x=1) <= 0.5:",
            "  predict cat (p=0.90)",
            "else:",
            "  if x[0] (y=0, x=0) <= -1.0:",
            "    predict dog (p=1.00)",
            "  else:",
            "    predict cat (p=0.75)",
        ])
        let names = TreeRules(nodes: handBuiltTree().nodes, input: try InputSpec(parsing: "3x4x5"), classNames: [])
        XCTAssertEqual(names.name(ofFeature: 47), "x[47] (c=2, y=1, x=2)")
        XCTAssertEqual(TreeRules(nodes: handBuiltTree().nodes, input: try InputSpec(parsing: "6x5"), classNames: []).name(ofFeature: 13),
                       "x[13] (t=2, f=3)")
    }
}
