import DecisionTreePlugin
import Foundation
import KDData
import KDDistill
import KDLayers
import KDTensor
import KDTestSupport
import KDZoo
import XCTest

/// Distilling a network into CART and soft trees, and a tree into a network, through the
/// library calls `kdzoo distill` makes.
final class TreeDistillationTests: XCTestCase {
    private var images: QuadrantImages!
    private var teacher: TeacherSession!

    override func setUpWithError() throws {
        images = try QuadrantImages()
        teacher = try images.trainedTeacher()
    }

    private func tree(_ variant: String) throws -> any FittableNetwork {
        try XCTUnwrap(try DecisionTreeArchitecture().makeNetwork(variant: variant, input: images.input, classes: 3) as? any FittableNetwork)
    }

    private func accuracy(_ network: any Network) throws -> Double {
        try Evaluation.accuracy(of: network, input: images.input, on: images.heldOut()).top1
    }

    func testTreeDistilledFromTheTeacherOnShiftedCopiesMatchesIt() throws {
        XCTAssertGreaterThan(try accuracy(teacher.network), 0.9, "the teacher must have learnt the task")
        var configuration = SoftLabelConfiguration()
        configuration.augmentedCopies = 2
        configuration.temperature = 2
        let cache = TeacherCache(directory: images.folder.path, teacher: teacher, source: try images.orderedTrain(),
                                 taps: [], datasetIdentity: "quadrants")
        let fitting = try SoftLabelFitting(teacher: teacher, configuration: configuration, trainData: images.orderedTrain(),
                                           augmentedData: images.shiftedTrain(), teacherCache: cache)
        let student = try tree("depth-6"), baseline = try tree("depth-6")
        try fitting.fit(student, name: "tree-depth-6", input: images.input)
        try fitting.fitBaseline(baseline, name: "tree-depth-6 (baseline)", input: images.input)

        let transfer = try fitting.transferSet()
        XCTAssertEqual(transfer.count, 3 * 240)
        XCTAssertEqual(Array(transfer.labels[0..<3]), Array(transfer.labels[240..<243]), "copies keep their originals' labels")
        XCTAssertNotEqual(transfer.inputs.slice(alongAxis: 0, 0..<240).scalars, transfer.inputs.slice(alongAxis: 0, 240..<480).scalars)
        XCTAssertTrue(FileManager.default.fileExists(atPath: cache.path), "the teacher's outputs on the originals are cached")
        // The teacher labelled the copies itself: its targets there are its own probabilities.
        let copy = transfer.inputs.slice(alongAxis: 0, 480..<481)
        // (To rounding: one sample alone runs through other GEMM shapes than a batch does.)
        XCTAssertClose(transfer.teacherLogits.slice(alongAxis: 0, 480..<481), teacher.outputs(for: copy).logits, tolerance: 1e-5)

        XCTAssertGreaterThan(try accuracy(student), 0.85)
        XCTAssertGreaterThan(try accuracy(baseline), 0.6)
        // On the transfer set, the distilled tree reproduces the teacher's softened probabilities.
        let targets = transfer.targets(temperature: 2, alpha: 1)
        let predicted = noGrad { student(transfer.inputs).taps[TapName.embedding]! }
        let error = zip(predicted.scalars, targets.scalars).map { abs($0 - $1) }.reduce(0, +) / Float(targets.count)
        XCTAssertLessThan(error, 0.1)
    }

    func testFittedTreeSurvivesAWeightsFileRoundTrip() throws {
        let fitting = try SoftLabelFitting(teacher: teacher, configuration: SoftLabelConfiguration(), trainData: images.orderedTrain())
        let student = try tree("depth-4")
        try fitting.fit(student, name: "tree-depth-4", input: images.input)
        let path = images.folder.appendingPathComponent("tree.h5").path
        try student.saveWeights(to: path, metadata: WeightsMetadata(architecture: "tree", variant: "depth-4", kdzooVersion: "test"))
        let loaded = try tree("depth-4")
        try loaded.loadResizing(stateDict: try WeightsFile(contentsOf: path).stateDict)
        let batch = try images.heldOut().batch(0, epoch: 0).inputs
        XCTAssertEqual(noGrad { loaded(batch).logits }.scalars, noGrad { student(batch).logits }.scalars)
        XCTAssertEqual(loaded.stateDict().map(\.tensor.shape), student.stateDict().map(\.tensor.shape))
    }

    func testSoftTreeIsFittedTheSameWay() throws {
        var configuration = SoftLabelConfiguration()
        configuration.fitting.epochs = 15
        configuration.fitting.learningRate = 0.05
        let fitting = try SoftLabelFitting(teacher: teacher, configuration: configuration, trainData: images.orderedTrain())
        let student = try tree("soft-tree-2")
        try fitting.fit(student, name: "tree-soft-tree-2", input: images.input)
        XCTAssertGreaterThan(try accuracy(student), 0.85)
    }

    func testATreeTeachesANetwork() throws {
        let fitting = try SoftLabelFitting(teacher: teacher, configuration: SoftLabelConfiguration(), trainData: images.orderedTrain())
        let treeTeacher = try tree("depth-6")
        try fitting.fit(treeTeacher, name: "tree-depth-6", input: images.input)
        let network = withRandomSeed(9) { SmallPerceptron(features: 36, hidden: 16, classes: 3) }
        let student = StudentSession(name: "mlp", network: network, input: images.input,
                                     objective: DistillationObjective(methods: [HintonDistillation()]))
        var configuration = TrainingConfiguration()
        configuration.epochs = 6
        configuration.learningRate = 0.1
        let history = try DistillationTrainer(
            students: [student], teacher: TeacherSession(name: "tree-depth-6", network: treeTeacher, input: images.input),
            configuration: configuration,
            trainData: BatchLoader(dataset: images.dataset, split: "train", batchSize: 32, shuffle: true, seed: 4),
            testData: images.heldOut()).run()
        XCTAssertGreaterThan(history.last!.students[0].testTop1, 0.85)
    }

    func testGradientTrainerRefusesACARTStudent() throws {
        let session = StudentSession(name: "tree-depth-4", network: try tree("depth-4"), input: images.input, objective: .labelsOnly)
        XCTAssertThrowsError(try DistillationTrainer(students: [session], teacher: nil, configuration: TrainingConfiguration(),
                                                     trainData: images.orderedTrain(), testData: images.heldOut())) { error in
            XCTAssertEqual("\(error)", "invalid training option student: tree-depth-4 is fitted to soft labels, not trained by gradient; distil it with SoftLabelFitting")
        }
    }

    func testCopiesWithoutAugmentedDataAreRefused() throws {
        var configuration = SoftLabelConfiguration()
        configuration.augmentedCopies = 1
        let fitting = try SoftLabelFitting(teacher: teacher, configuration: configuration, trainData: images.orderedTrain())
        XCTAssertThrowsError(try fitting.transferSet()) { error in
            XCTAssertEqual("\(error)", "invalid training option copies: 1 augmented copies need augmented training data")
        }
        configuration.alpha = 2
        XCTAssertThrowsError(try SoftLabelFitting(teacher: teacher, configuration: configuration, trainData: images.orderedTrain())) {
            XCTAssertEqual("\($0)", "invalid training option alpha: must be in [0, 1], got 2.0")
        }
    }
}
