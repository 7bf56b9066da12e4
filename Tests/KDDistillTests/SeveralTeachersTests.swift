import Foundation
import KDData
import KDDistill
import KDLayers
import KDTensor
import KDTestSupport
import KDZoo
import XCTest

final class SeveralTeachersTests: XCTestCase {
    private var generator = SeededGenerator(seed: 61)
    private let labels = [0, 2, 1]
    private func logits(_ x: Tensor) -> NetworkOutput { NetworkOutput(logits: x, features: []) }

    private func kdPart(_ student: Tensor, _ teachers: [Tensor], _ weighting: TeacherWeighting) -> Tensor {
        let objective = DistillationObjective(teacherCount: teachers.count) { [HintonDistillation(temperature: 2, weight: 1)] }
        let outputs = teachers.map(logits)
        let knowledge = KnowledgeSources(teachers: outputs, teacherWeights: weighting.weights(for: outputs, labels: labels))
        return objective.parts(student: logits(student), knowledge: knowledge, step: TrainingStep(labels: labels))
            .first { $0.name == "kd" }!.value
    }

    func testFixedAndUniformWeightsAverageTheTeachersLosses() {
        let s = Tensor.randomNormal([3, 4], using: &generator)
        let t = (0..<2).map { _ in Tensor.randomNormal([3, 4], using: &generator) }
        let single = t.map { HintonDistillation(temperature: 2, weight: 1).loss(student: logits(s), teacher: logits($0), labels: labels).item }
        XCTAssertEqual(kdPart(s, t, .uniform).item, (single[0] + single[1]) / 2, accuracy: 1e-5)
        XCTAssertEqual(kdPart(s, t, .fixed([3, 1])).item, 0.75 * single[0] + 0.25 * single[1], accuracy: 1e-5)
    }

    func testConfidenceWeightsFollowEachTeachersProbabilityOfTheLabel() {
        // Teacher 1 is sure of the label for sample 0, teacher 2 is uniform: weights e/(e+1+1)·... by hand.
        let t1 = Tensor(shape: [1, 2], [2, 0]), t2 = Tensor(shape: [1, 2], [0, 0])
        let weights = TeacherWeighting.confidence.weights(for: [logits(t1), logits(t2)], labels: [0])
        let p1 = Float(M_E * M_E / (M_E * M_E + 1)), p2: Float = 0.5
        guard case .perSample(let w1) = weights[0], case .perSample(let w2) = weights[1] else { return XCTFail("per-sample weights") }
        XCTAssertEqual(w1.item, p1 / (p1 + p2), accuracy: 1e-6)
        XCTAssertEqual(w2.item, p2 / (p1 + p2), accuracy: 1e-6)

        let s = Tensor.randomNormal([3, 4], using: &generator)
        let t = (0..<2).map { _ in Tensor.randomNormal([3, 4], std: 2, using: &generator) }
        let perSample = t.map {
            HintonDistillation(temperature: 2, weight: 1).sampleLosses(student: logits(s), teacher: logits($0), step: TrainingStep(labels: labels))
        }
        let sampleWeights = TeacherWeighting.confidence.weights(for: t.map(logits), labels: labels).map { weights -> Tensor in
            guard case .perSample(let w) = weights else { preconditionFailure() }
            return w
        }
        var expected: Float = 0
        for n in 0..<3 {
            for k in 0..<2 { expected += sampleWeights[k][n] * perSample[k][n] / 3 }
        }
        XCTAssertEqual(kdPart(s, t, .confidence).item, expected, accuracy: 1e-5)
    }

    func testWeightedKLHasTheGradientOfTheKLToTheAveragedSoftTargets() {
        let t = (0..<2).map { _ in Tensor.randomNormal([3, 4], std: 2, using: &generator) }
        let s = Tensor.randomNormal([3, 4], using: &generator)
        s.requiresGrad = true
        kdPart(s, t, .fixed([0.7, 0.3])).backward()
        let weighted = s.grad!.copy()
        // KL(p̄ ‖ q) with p̄ = 0.7 p₁ + 0.3 p₂ at T = 2, times T², written out.
        s.grad = nil
        let average = (t[0] / 2).softmax() * 0.7 + (t[1] / 2).softmax() * 0.3
        ((average * (average.log() - (s / 2).logSoftmax())).sum() * (4 / 3)).backward()
        XCTAssertClose(weighted, s.grad!, tolerance: 1e-5)
    }

    func testTeacherWeightsMustFitTheTeachers() {
        XCTAssertThrowsError(try TeacherWeighting.fixed([1, 2, 3]).validate(teacherCount: 2)) {
            XCTAssertEqual("\($0)", "invalid training option teacher-weights: 3 weights for 2 teachers")
        }
        XCTAssertThrowsError(try TeacherWeighting.fixed([0, 0]).validate(teacherCount: 2))
    }

    func testTwoTeachersOfDifferentDepthsWithCachedTapsTrainAStudent() throws {
        try withScratchDirectory { scratch in
            let second = TinyConvNetwork(channels: 6, stages: 2, classes: 4, seed: 12)
            let secondSession = StudentSession(name: "second", network: second, input: TinyConvNetwork.input, objective: .labelsOnly)
            _ = try DistillationTrainer(students: [secondSession], teacher: nil, configuration: MethodRuns.configuration,
                                        trainData: MethodRuns.trainData(), testData: MethodRuns.testData()).run()
            let teachers = [MethodRuns.teacher, TeacherSession(name: "second", network: second, input: TinyConvNetwork.input)]
            let caches = teachers.map {
                TeacherCache(directory: scratch.path, teacher: $0, source: BlobBatches.images(samples: 192, batchSize: 32, seed: 1, shuffleSeed: nil),
                             taps: [], datasetIdentity: "images")
            }
            func run(caches: [TeacherCache]) throws -> (StudentSession, [EpochSummary]) {
                let student = StudentSession(
                    name: "student", network: TinyConvNetwork(channels: 4, stages: 2, classes: 4, seed: 21), input: TinyConvNetwork.input,
                    objective: DistillationObjective(teacherCount: 2) { [HintonDistillation(), AttentionTransfer(weight: 100)] })
                let history = try DistillationTrainer(students: [student], teachers: teachers, teacherWeighting: .confidence,
                                                      configuration: MethodRuns.configuration, trainData: MethodRuns.trainData(),
                                                      testData: MethodRuns.testData(), teacherCaches: caches).run()
                return (student, history)
            }
            let (cached, history) = try run(caches: caches)
            XCTAssertGreaterThan(history.last!.students[0].trainAccuracy, 0.5)
            // Each teacher's cache holds the stages its own AT instance pairs (stage2..3 of 3, stage1..2 of 2).
            let stored = try caches.map { cache -> [String] in
                let file = try HDF5File.open(cache.path)
                defer { file.close() }
                return try file.root.memberNames().sorted()
            }
            XCTAssertEqual(stored, [["logits", "stage2", "stage3"], ["logits", "stage1", "stage2"]])
            let (live, _) = try run(caches: [])
            let difference = zip(cached.network.stateDict(), live.network.stateDict())
                .map { zip($0.tensor.scalars, $1.tensor.scalars).map { abs($0 - $1) }.max() ?? 0 }.max()!
            XCTAssertEqual(difference, 0, accuracy: 1e-5, "cached and live teachers train the same student")
        }
    }

    func testSeveralStudentsShareOneTeacherPassPerBatch() throws {
        let counting = CountingNetwork(MethodRuns.teacher.network)
        let teacher = TeacherSession(name: "teacher", network: counting, input: TinyConvNetwork.input)
        let students = [MethodRuns.student([HintonDistillation()], seed: 1), MethodRuns.student([AttentionTransfer(weight: 100)], seed: 2),
                        MethodRuns.student([], seed: 3)]
        var configuration = MethodRuns.configuration
        configuration.epochs = 2
        let history = try DistillationTrainer(students: students, teacher: teacher, configuration: configuration,
                                              trainData: MethodRuns.trainData(), testData: MethodRuns.testData()).run()
        XCTAssertEqual(history.last!.students.count, 3)
        XCTAssertEqual(counting.forwardCount, 1 + 2 * MethodRuns.trainData().batchCount, "one probe, then one pass per batch")
    }
}

/// A network that counts its forward passes.
final class CountingNetwork: Network {
    let wrapped: any Network
    private(set) var forwardCount = 0
    init(_ wrapped: any Network) { self.wrapped = wrapped }
    var namedChildren: [(name: String, module: Module)] { wrapped.namedChildren }
    func forward(_ input: Tensor) -> NetworkOutput {
        forwardCount += 1
        return wrapped(input)
    }
}
