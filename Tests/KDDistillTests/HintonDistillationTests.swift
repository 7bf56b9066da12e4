import KDDistill
import KDTensor
import KDTestSupport
import KDZoo
import XCTest

final class HintonDistillationTests: XCTestCase {
    private func output(_ logits: Tensor) -> NetworkOutput { NetworkOutput(logits: logits, features: []) }

    func testLossVanishesWhenStudentEqualsTeacher() {
        var generator = SeededGenerator(seed: 3)
        let logits = Tensor.randomNormal([5, 7], std: 3, using: &generator)
        let loss = HintonDistillation(temperature: 4).loss(student: output(logits), teacher: output(logits.copy()), labels: [])
        XCTAssertEqual(loss.item, 0, accuracy: 1e-6)
    }

    func testLossIsTemperatureSquaredTimesKL() {
        let student = Tensor(shape: [1, 2], [0, 0]), teacher = Tensor(shape: [1, 2], [2, 0])
        // softmax(teacher / 2) = (e/(e+1), 1/(e+1)); the student is uniform.
        let p = Float(M_E / (M_E + 1)), q = 1 - p
        let kl = p * Foundation.log(p / 0.5) + q * Foundation.log(q / 0.5)
        let loss = HintonDistillation(temperature: 2).loss(student: output(student), teacher: output(teacher), labels: [])
        XCTAssertEqual(loss.item, 4 * kl, accuracy: 1e-5)
    }

    func testGradientMatchesFiniteDifferences() {
        var generator = SeededGenerator(seed: 4)
        let teacher = Tensor.randomNormal([3, 5], std: 2, using: &generator)
        let method = HintonDistillation(temperature: 3)
        XCTAssertGradientsMatch(at: [Tensor.randomNormal([3, 5], using: &generator)]) {
            method.loss(student: self.output($0[0]), teacher: self.output(teacher), labels: [])
        }
    }

    func testObjectiveWeighsCrossEntropyByOneMinusAlpha() {
        let objective = DistillationObjective(methods: [HintonDistillation(temperature: 4, weight: 0.9)])
        XCTAssertEqual(objective.crossEntropyWeight, 0.1, accuracy: 1e-6)
        let logits = Tensor(shape: [2, 3], [1, 0, 0, 0, 1, 0])
        let parts = objective.parts(student: output(logits), teacher: output(logits), labels: [0, 1])
        XCTAssertEqual(parts.map(\.name), ["ce", "kd"])
        let expectedCE = -Foundation.log(M_E / (M_E + 2))
        XCTAssertEqual(parts[0].value.item, 0.1 * Float(expectedCE), accuracy: 1e-5)
        XCTAssertEqual(parts[1].value.item, 0, accuracy: 1e-6)
        XCTAssertEqual(DistillationObjective.labelsOnly.crossEntropyWeight, 1)
    }
}
