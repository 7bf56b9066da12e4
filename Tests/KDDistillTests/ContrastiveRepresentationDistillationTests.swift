@testable import KDDistill
import KDLayers
import KDTensor
import KDTestSupport
import KDZoo
import XCTest

final class ContrastiveRepresentationDistillationTests: XCTestCase {
    private let samples = 10
    private var generator = SeededGenerator(seed: 8)

    /// A CRD instance prepared for 5-wide student and 3-wide teacher embeddings, with a batch of those.
    private func prepared(negatives: Int = 4) throws -> (ContrastiveRepresentationDistillation, NetworkOutput, NetworkOutput, TrainingStep) {
        let method = ContrastiveRepresentationDistillation(featureDimension: 6, negatives: negatives)
        let s = output([("embedding", Tensor.randomNormal([3, 5], using: &generator))])
        let t = output([("embedding", Tensor.randomNormal([3, 3], using: &generator))])
        try withRandomSeed(4) { try method.prepare(student: s, teacher: t, setup: MethodSetup(trainingSampleCount: samples, seed: 4)) }
        let step = TrainingStep(labels: [0, 1, 2], sampleIndices: [7, 2, 4], epoch: 1, epochs: 3, batch: 5, batches: 10)
        return (method, s, t, step)
    }

    private func memory(_ method: ContrastiveRepresentationDistillation) -> ContrastMemory {
        method.learnableModule as! ContrastMemory
    }

    func testContrastLossIsTheNoiseContrastiveEstimate() {
        let method = ContrastiveRepresentationDistillation()
        let scores = Tensor(shape: [2, 3], [0.5, 0.1, 0.2, 0.05, 0.3, 0.01])
        // By hand: m = 2, Pn = 1/4, eps = 1e-7; −(Σ log(p/(p + mPn)) + Σ log(mPn/(q + mPn))) / 2.
        let mPn = 0.5, eps = 1e-7
        let positives = [0.5, 0.05].map { log($0 / ($0 + mPn + eps)) }.reduce(0, +)
        let negatives = [0.1, 0.2, 0.3, 0.01].map { log(mPn / ($0 + mPn + eps)) }.reduce(0, +)
        XCTAssertEqual(Double(method.contrastLoss(scores, samples: 4).item), -(positives + negatives) / 2, accuracy: 1e-5)
    }

    func testLossMatchesANaiveComputation() throws {
        let (method, s, t, step) = try prepared()
        let memory = memory(method)
        memory.eval()  // no memory update, Z from this batch
        let loss = method.loss(student: s, teacher: t, step: step).item
        let indices = method.candidates(for: step, samples: samples)
        func project(_ x: Tensor, _ layer: Linear) -> [[Double]] {
            (0..<x.shape[0]).map { n in
                let row = (0..<layer.outFeatures).map { o in
                    Double(layer.bias![o]) + (0..<layer.inFeatures).reduce(0.0) { $0 + Double(layer.weight[o, $1] * x[n, $1]) }
                }
                let norm = row.reduce(0) { $0 + $1 * $1 }.squareRoot()
                return row.map { $0 / norm }
            }
        }
        func side(_ queries: [[Double]], _ bank: Tensor) -> Double {
            let k = indices.count / queries.count
            let exps = queries.indices.map { b in
                (0..<k).map { j in exp((0..<6).reduce(0.0) { $0 + Double(bank[indices[b * k + j], $1]) * queries[b][$1] } / 0.07) }
            }
            let z = exps.joined().reduce(0, +) / Double(exps.joined().count) * Double(samples)
            let noise = Double(k - 1) / Double(samples)
            var total = 0.0
            for row in exps {
                total += log((row[0] / z) / (row[0] / z + noise + 1e-7))
                for q in row.dropFirst() { total += log(noise / (q / z + noise + 1e-7)) }
            }
            return -total / Double(queries.count)
        }
        let expected = side(project(s.taps["embedding"]!, memory.studentEmbed), memory.teacherMemory)
            + side(project(t.taps["embedding"]!, memory.teacherEmbed), memory.studentMemory)
        XCTAssertEqual(Double(loss), expected, accuracy: 1e-3 * abs(expected))
    }

    func testTrainingFixesTheNormalizersAndMovesTheMemoryRows() throws {
        let (method, s, t, step) = try prepared()
        let memory = memory(method)
        let before = memory.studentMemory.copy()
        _ = method.loss(student: s, teacher: t, step: step)
        XCTAssertTrue(memory.normalizers.scalars.allSatisfy { $0 > 0 })
        let v = FeatureAlignment.l2Normalized(memory.studentEmbed(s.taps["embedding"]!))
        for (b, index) in step.sampleIndices.enumerated() {
            let mixed = (0..<6).map { 0.5 * before[index, $0] + 0.5 * v[b, $0] }
            let norm = mixed.reduce(0) { $0 + $1 * $1 }.squareRoot()
            for i in 0..<6 { XCTAssertEqual(memory.studentMemory[index, i], mixed[i] / norm, accuracy: 1e-6) }
        }
        XCTAssertEqual(memory.studentMemory[0, 0], before[0, 0], "rows of other samples stay")
    }

    func testGradientMatchesFiniteDifferencesIncludingTheHeads() throws {
        let (method, s, t, step) = try prepared()
        let memory = memory(method)
        _ = method.loss(student: s, teacher: t, step: step)  // fixes Z
        memory.eval()
        XCTAssertGradientsMatch(at: [s.taps["embedding"]!] + memory.parameters, epsilon: 1e-2, tolerance: 3e-2) { inputs in
            method.loss(student: output([("embedding", inputs[0])]), teacher: t, step: step)
        }
    }

    func testNegativesDependOnlyOnSeedEpochAndBatch() throws {
        let (method, _, _, step) = try prepared(negatives: 50)
        let indices = method.candidates(for: step, samples: samples)
        XCTAssertEqual(indices, method.candidates(for: step, samples: samples))
        XCTAssertEqual(indices.count, 3 * 51)
        XCTAssertEqual([indices[0], indices[51], indices[102]], step.sampleIndices, "the positive comes first")
        XCTAssertTrue(indices.allSatisfy { (0..<samples).contains($0) })
        var next = step
        next.batch += 1
        XCTAssertNotEqual(indices, method.candidates(for: next, samples: samples))
    }

    func testStatedMemoryIsTwoBanks() {
        XCTAssertEqual(ContrastiveRepresentationDistillation().memoryBytes(samples: 60000), 2 * 60000 * 128 * 4)
    }

    func testRunStatesTheMemoryOfTheBanksAndHeads() throws {
        let method = ContrastiveRepresentationDistillation()
        let s = output([("embedding", Tensor.randomNormal([2, 5], using: &generator))])
        let t = output([("embedding", Tensor.randomNormal([2, 3], using: &generator))])
        try method.prepare(student: s, teacher: t, setup: MethodSetup(trainingSampleCount: 60000, seed: 1))
        // Two 5- and 3-wide linear heads to d = 128 and the two normalising constants beside the banks.
        let heads = (5 * 128 + 128) + (3 * 128 + 128) + 2
        let session = MethodRuns.student([method])
        XCTAssertEqual(session.objective.methodStateBytes.map(\.bytes), [method.memoryBytes(samples: 60000) + heads * 4])
        XCTAssertEqual(DistillationTrainer.methodStateNote([session, MethodRuns.student([])]),
                       "method state (learnable parts and memory, saved in each checkpoint): crd 61.4 MB")
        // Below a megabyte in kB: 2 · 10 · 6 floats of banks, 5·6+6 and 3·6+6 of heads, 2 constants.
        let small = MethodRuns.student([try prepared().0])
        XCTAssertEqual(DistillationTrainer.methodStateNote([small]),
                       "method state (learnable parts and memory, saved in each checkpoint): crd 0.7 kB")
        XCTAssertNil(DistillationTrainer.methodStateNote([MethodRuns.student([HintonDistillation()])]))
    }

    func testShortRunLearnsAndReducesTheContrastLoss() throws {
        try MethodRuns.assertLearns(ContrastiveRepresentationDistillation(featureDimension: 16, negatives: 32))
    }
}
