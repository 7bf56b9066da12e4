import Foundation
import KDLayers
import KDTensor
import KDTestSupport
import XCTest

final class KLDivergenceTests: XCTestCase {
    private let student = Tensor(shape: [2, 3], [1, 0, -1, 0.5, 2, 0])
    private let teacher = Tensor(shape: [2, 3], [3, 0, -2, 0, 1, 1])

    private func softmax(_ row: [Double]) -> [Double] {
        let e = row.map { exp($0 - row.max()!) }
        return e.map { $0 / e.reduce(0, +) }
    }

    func testMatchesReferenceAtTemperature() {
        let temperature = 4.0
        var total = 0.0
        for row in 0..<2 {
            let p = softmax((0..<3).map { Double(teacher[row, $0]) / temperature })
            let q = softmax((0..<3).map { Double(student[row, $0]) / temperature })
            total += zip(p, q).map { $0 * log($0 / $1) }.reduce(0, +)
        }
        let loss = klDivergence(studentLogits: student, teacherLogits: teacher, temperature: Float(temperature))
        XCTAssertEqual(Double(loss.item), total / 2, accuracy: 1e-6, "batch mean, without the T² factor")
        let sum = klDivergence(studentLogits: student, teacherLogits: teacher, temperature: Float(temperature), reduction: .sum)
        XCTAssertEqual(Double(sum.item), total, accuracy: 1e-6)
    }

    func testZeroForIdenticalDistributionsAndPerRowWithoutReduction() {
        XCTAssertEqual(klDivergence(studentLogits: teacher, teacherLogits: teacher + 5).item, 0, accuracy: 1e-6)
        let sequence = Tensor(shape: [2, 2, 3], student.scalars + teacher.scalars)
        XCTAssertEqual(klDivergence(studentLogits: sequence, teacherLogits: sequence * 2, reduction: .none).shape, [2, 2])
    }

    func testGradientsFlowToStudentAndTeacher() {
        XCTAssertGradientsMatch(at: [student.copy(), teacher.copy()]) { inputs in
            klDivergence(studentLogits: inputs[0], teacherLogits: inputs[1], temperature: 2)
        }
    }
}
