import Foundation
import KDDistill
import KDLayers
import KDTensor
import KDTestSupport
import KDZoo
import XCTest

final class OnTheFlyNativeEnsembleTests: XCTestCase {
    private var generator = SeededGenerator(seed: 41)

    private func ensemble(seed: UInt64 = 50) throws -> NativeEnsemble {
        try NativeEnsemble(branches: 3, input: TinyConvNetwork.input) { k in
            TinyConvNetwork(channels: 4, stages: 2, classes: 4, seed: seed + UInt64(k))
        }
    }

    func testStateHoldsTheTrunkTheExtraHeadsAndTheGate() throws {
        let paths = try ensemble().stateDict().map(\.path)
        XCTAssertTrue(paths.contains("trunk.stem.weight"))
        XCTAssertTrue(paths.contains("trunk.stages.1.0.weight"), "branch 1's head is the trunk network's own")
        XCTAssertTrue(paths.contains("branch2.stages.1.0.weight"))
        XCTAssertTrue(paths.contains("branch3.fc.bias"))
        XCTAssertFalse(paths.contains { $0.hasPrefix("branch2.stem") || $0.hasPrefix("branch2.stages.0") }, "extra trunks are not state")
        XCTAssertTrue(paths.contains("gate.weight") && paths.contains("gate_bn.running_mean"))
    }

    func testEnsembleLogitsAreTheGatedSumOfTheBranches() throws {
        let network = try ensemble()
        network.eval()
        let x = Tensor.randomNormal([5, 1, 8, 8], using: &generator)
        let out = noGrad { network(x) }
        let branches = NativeEnsemble.branchLogits(in: out)
        XCTAssertEqual(branches.count, 3)
        // The gate recomputed from its layers on the pooled trunk output.
        let children = Dictionary(uniqueKeysWithValues: network.namedChildren.map { ($0.name, $0.module) })
        let trunk = out.taps["stage1"]!.adaptiveAvgPool2d(outputSize: 1).flattened(from: 1)
        let weights = noGrad { (children["gate_bn"] as! BatchNorm1d)((children["gate"] as! Linear)(trunk)).relu().softmax(alongAxis: -1) }
        let expected = noGrad { branches.enumerated().map { $0.element * weights.slice(alongAxis: 1, $0.offset..<($0.offset + 1)) }.reduce(Tensor(0), +) }
        XCTAssertClose(out.logits, expected, tolerance: 1e-5)
    }

    func testExportedBranchIsAPlainNetworkGivingThatBranchsLogits() throws {
        let network = try ensemble()
        network.eval()
        let x = Tensor.randomNormal([4, 1, 8, 8], using: &generator)
        let branches = NativeEnsemble.branchLogits(in: noGrad { network(x) })
        for k in [1, 3] {
            let plain = try network.exportBranch(k)
            XCTAssertTrue(plain is TinyConvNetwork)
            plain.eval()
            XCTAssertClose(noGrad { plain(x).logits }, branches[k - 1], tolerance: 1e-5)
        }
    }

    func testLossIsBranchCrossEntropyPlusRampedKLToTheDetachedEnsemble() {
        let method = OnTheFlyNativeEnsemble()
        let branches = (0..<3).map { _ in Tensor.randomNormal([4, 5], using: &generator) }
        let ensemble = Tensor.randomNormal([4, 5], using: &generator)
        let labels = [0, 3, 1, 4]
        let out = NetworkOutput(logits: ensemble, features: branches.enumerated().map { (NativeEnsemble.branchTap($0.offset + 1), $0.element) })
        let step = TrainingStep(labels: labels, sampleIndices: [0, 1, 2, 3], epoch: 2, epochs: 30, batch: 0)
        let ramp = method.rampup(epoch: 2, of: 30)
        XCTAssertEqual(ramp, Float(exp(-5 * pow(1 - 2.0 / 8, 2))), accuracy: 1e-6, "ramp length 80/300 of 30 epochs = 8")
        let expected = branches.map {
            crossEntropy(logits: $0, labels: labels).item + ramp * 9 * klDivergence(studentLogits: $0, teacherLogits: ensemble, temperature: 3).item
        }.reduce(0, +)
        XCTAssertEqual(method.loss(student: out, teacher: out, step: step).item, expected, accuracy: 1e-5)
        XCTAssertEqual(method.rampup(epoch: 8, of: 30), 1)
        XCTAssertEqual(OnTheFlyNativeEnsemble(rampupEpochs: 0).rampup(epoch: 0, of: 30), 1)
    }

    func testGradientMatchesFiniteDifferencesAndSkipsTheDetachedEnsemble() {
        let method = OnTheFlyNativeEnsemble(rampupEpochs: 0)
        let ensemble = Tensor.randomNormal([3, 4], using: &generator)
        let branches = (0..<2).map { _ in Tensor.randomNormal([3, 4], using: &generator) }
        func loss(_ x: [Tensor], _ ensemble: Tensor) -> Tensor {
            let out = NetworkOutput(logits: ensemble, features: [("branch1", x[0]), ("branch2", x[1])])
            return method.loss(student: out, teacher: out, labels: [0, 1, 3])
        }
        XCTAssertGradientsMatch(at: branches) { loss($0, ensemble) }
        ensemble.requiresGrad = true
        loss(branches, ensemble).backward()
        XCTAssertNil(ensemble.grad, "the ensemble is the teacher: no gradient through the KL target")
    }

    func testOtherStudentsAreRefused() {
        let plain = TinyConvNetwork(channels: 4, stages: 2, classes: 4, seed: 1)(Tensor.zeros([1, 1, 8, 8]))
        XCTAssertThrowsError(try OnTheFlyNativeEnsemble().prepare(student: plain, teacher: plain, setup: MethodSetup(trainingSampleCount: 1, seed: 1))) {
            XCTAssertTrue("\($0)".contains("'one' needs the student built as a native ensemble"), "\($0)")
        }
    }

    private func session(seed: UInt64) throws -> StudentSession {
        StudentSession(name: "one", network: try ensemble(seed: seed), input: TinyConvNetwork.input,
                       objective: DistillationObjective(methods: [OnTheFlyNativeEnsemble()]))
    }

    func testTrainsWithoutATeacherResumesExactlyAndExportsABranch() throws {
        try withScratchDirectory { scratch in
            let checkpoint = scratch.appendingPathComponent("run.ckpt.h5").path, killed = scratch.appendingPathComponent("killed.ckpt.h5").path
            var configuration = MethodRuns.configuration
            configuration.epochs = 6
            let uninterrupted = try session(seed: 50)
            let recorder = CheckpointCopier(epoch: 3, from: checkpoint, to: killed)
            _ = try DistillationTrainer(students: [uninterrupted], teachers: [], configuration: configuration,
                                        trainData: MethodRuns.trainData(), testData: MethodRuns.testData())
                .run(checkpoint: checkpoint, observer: recorder)
            XCTAssertEqual(recorder.epochParts.last!.keys.sorted(), ["ce", "one"])
            let exported = try (uninterrupted.network as! NativeEnsemble).exportBranch(2)
            XCTAssertGreaterThan(try Evaluation.accuracy(of: exported, input: TinyConvNetwork.input, on: MethodRuns.testData()).top1, 0.7)

            let resumed = try session(seed: 90)
            _ = try DistillationTrainer(students: [resumed], teachers: [], configuration: configuration,
                                        trainData: MethodRuns.trainData(), testData: MethodRuns.testData())
                .run(checkpoint: killed, resume: true)
            XCTAssertEqual(uninterrupted.network.stateDict().flatMap(\.tensor.scalars), resumed.network.stateDict().flatMap(\.tensor.scalars))
        }
    }
}
