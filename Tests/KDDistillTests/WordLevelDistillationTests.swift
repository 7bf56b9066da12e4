import KDDistill
import KDLayers
import KDTensor
import KDTestSupport
import KDZoo
import XCTest

final class WordLevelDistillationTests: XCTestCase {
    /// Two sequences over three steps and five ids; the second has one target token and `</s>`.
    private let labels = [4, 3, SpecialToken.end, /**/ 3, SpecialToken.end, SpecialToken.padding]

    private func logits(seed: UInt64) -> Tensor {
        var generator = SeededGenerator(seed: seed)
        return Tensor.randomNormal([2, 3, 5], using: &generator)
    }

    private func output(_ logits: Tensor) -> NetworkOutput { NetworkOutput(logits: logits, features: []) }

    func testIsZeroWhenTheStudentIsTheTeacher() {
        let teacher = logits(seed: 1)
        let loss = WordLevelDistillation(temperature: 2).loss(student: output(teacher.copy()), teacher: output(teacher), labels: labels)
        XCTAssertEqual(loss.item, 0, accuracy: 1e-6)
    }

    /// The mean over the five target tokens of T² · KL, computed step by step by hand.
    func testMatchesTheMeanPerTokenDivergenceAndIgnoresPaddedSteps() {
        let (student, teacher) = (logits(seed: 2), logits(seed: 3))
        let temperature: Float = 2
        var total: Double = 0
        for (row, label) in labels.enumerated() where label != SpecialToken.padding {
            let s = (0..<5).map { Double(student.pointer[row * 5 + $0]) / Double(temperature) }
            let t = (0..<5).map { Double(teacher.pointer[row * 5 + $0]) / Double(temperature) }
            let logSumS = log(s.map(exp).reduce(0, +)), logSumT = log(t.map(exp).reduce(0, +))
            total += (0..<5).reduce(0) { sum, v in sum + exp(t[v] - logSumT) * ((t[v] - logSumT) - (s[v] - logSumS)) }
        }
        let method = WordLevelDistillation(temperature: temperature)
        let loss = method.loss(student: output(student), teacher: output(teacher), labels: labels)
        XCTAssertEqual(Double(loss.item), 4 * total / 5, accuracy: 1e-5)

        // Anything at the padded step changes nothing.
        let changed = student.copy()
        for v in 0..<5 { changed.pointer[5 * 5 + v] += 7 }
        XCTAssertEqual(method.loss(student: output(changed), teacher: output(teacher), labels: labels).item, loss.item)
    }

    func testGradientsMatchFiniteDifferences() {
        let teacher = output(logits(seed: 4))
        let method = WordLevelDistillation(temperature: 1.5)
        XCTAssertGradientsMatch(at: [logits(seed: 5)], epsilon: 1e-2, tolerance: 1e-2) { inputs in
            method.loss(student: self.output(inputs[0]), teacher: teacher, labels: self.labels)
        }
    }

    func testRefusesClassifiersAndMismatchedShapes() {
        let method = WordLevelDistillation()
        let setup = MethodSetup(trainingSampleCount: 2, seed: 0)
        let classes = output(Tensor.zeros([2, 5]))
        XCTAssertThrowsError(try method.prepare(student: classes, teacher: classes, setup: setup)) { error in
            XCTAssertTrue("\(error)".contains("word-kd distils sequence-to-sequence models"), "\(error)")
        }
        XCTAssertThrowsError(try method.prepare(student: output(logits(seed: 1)), teacher: output(Tensor.zeros([2, 4, 5])), setup: setup))
    }

    /// Each method's share of the hard-label loss: Hinton's and word-KD's `1 − α`, sequence-KD's 0
    /// (its targets are the labels), and the smallest share wins when methods are combined.
    func testDefaultCrossEntropyWeights() {
        XCTAssertEqual(DistillationObjective(methods: [WordLevelDistillation(weight: 0.3)]).crossEntropyWeight, 0.7, accuracy: 1e-6)
        XCTAssertEqual(DistillationObjective(methods: [HintonDistillation()]).crossEntropyWeight, 0.1, accuracy: 1e-6)
        XCTAssertEqual(DistillationObjective(methods: [SequenceLevelDistillation()]).crossEntropyWeight, 0)
        XCTAssertEqual(DistillationObjective(methods: [SequenceLevelDistillation(), WordLevelDistillation()]).crossEntropyWeight, 0)
        XCTAssertEqual(DistillationObjective(methods: [WordLevelDistillation()], crossEntropyWeight: 1).crossEntropyWeight, 1)
    }

    /// The hard-label part of a sequence batch is the per-token cross-entropy over the real targets.
    func testObjectiveCrossEntropyOnPerStepLogitsIgnoresPadding() {
        let student = logits(seed: 6)
        let ce = DistillationObjective.labelsOnly.parts(student: output(student), teacher: nil, labels: labels)[0].value
        let expected = crossEntropy(logits: student.reshaped(to: [6, 5]).slice(alongAxis: 0, 0..<5), labels: Array(labels.prefix(5)))
        XCTAssertEqual(ce.item, expected.item, accuracy: 1e-6)
    }
}
