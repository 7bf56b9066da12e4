import KDLayers
import KDTensor
import XCTest

final class ModuleDiscoveryTests: XCTestCase {
    final class Leaf: Module, ModeDependent {
        @Parameter var weight = Tensor.zeros([2, 3])
        @Parameter var bias: Tensor? = nil
        @Buffer var runningMean = Tensor.zeros([2])
        var isTraining = true
    }

    final class Tree: Module {
        let stem = Leaf()
        let blocks: [Module] = [Leaf(), Leaf()]
        let shortcut: Leaf? = nil
        let head: Leaf? = Leaf()
    }

    func testPathsFollowPyTorchNaming() {
        let tree = Tree()
        XCTAssertEqual(tree.namedParameters.map(\.path), ["stem.weight", "blocks.0.weight", "blocks.1.weight", "head.weight"])
        XCTAssertEqual(tree.namedBuffers.map(\.path),
                       ["stem.running_mean", "blocks.0.running_mean", "blocks.1.running_mean", "head.running_mean"])
        XCTAssertEqual(tree.parameterCount, 24)
        XCTAssertTrue(tree.parameters.allSatisfy(\.requiresGrad))
    }

    func testTrainAndEvalReachEveryDescendant() {
        let tree = Tree()
        tree.eval()
        XCTAssertFalse(tree.namedModules.compactMap { $0.module as? Leaf }.contains { $0.isTraining })
        tree.train()
        XCTAssertTrue(tree.namedModules.compactMap { $0.module as? Leaf }.allSatisfy(\.isTraining))
    }

    func testArraysOfConcreteLayersAndExistentialsAreChildren() {
        final class Net: Module {
            let blocks: [Linear] = [Linear(inFeatures: 1, outFeatures: 1), Linear(inFeatures: 1, outFeatures: 1, bias: false)]
            let heads: [any Layer] = [ReLU(), Linear(inFeatures: 1, outFeatures: 2)]
        }
        XCTAssertEqual(Net().namedParameters.map(\.path), ["blocks.0.weight", "blocks.0.bias", "blocks.1.weight",
                                                           "heads.1.weight", "heads.1.bias"])
    }
}
