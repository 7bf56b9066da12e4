import Foundation
import KDLayers
import XCTest

final class LearningRateScheduleTests: XCTestCase {
    private func values(_ schedule: any LearningRateSchedule, _ steps: [Int]) -> [Float] {
        steps.map(schedule.learningRate(at:))
    }

    private func assertClose(_ actual: [Float], _ expected: [Float], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(actual.count, expected.count, file: file, line: line)
        for (a, e) in zip(actual, expected) { XCTAssertEqual(a, e, accuracy: 1e-6, file: file, line: line) }
    }

    func testStepDecay() {
        assertClose(values(StepDecay(base: 0.1, stepSize: 30), [0, 29, 30, 59, 60, 95]), [0.1, 0.1, 0.01, 0.01, 0.001, 0.0001])
    }

    func testMultiStepDecay() {
        assertClose(values(MultiStepDecay(base: 0.05, milestones: [180, 150, 210]), [0, 149, 150, 180, 209, 210, 240]),
                    [0.05, 0.05, 0.005, 0.0005, 0.0005, 0.000_05, 0.000_05])
    }

    func testCosineAnnealing() {
        let schedule = CosineAnnealing(base: 0.1, totalSteps: 100, minimum: 0.01)
        assertClose(values(schedule, [0, 25, 50, 100, 150]),
                    [0.1, 0.01 + 0.09 * (1 + Float(cos(Double.pi / 4))) / 2, 0.055, 0.01, 0.01])
    }

    func testLinearWarmupThenTheWrappedSchedule() {
        let schedule = LinearWarmup(steps: 4, startFactor: 0.2, then: StepDecay(base: 1, stepSize: 2, gamma: 0.5))
        assertClose(values(schedule, [0, 1, 2, 3, 4, 5, 6]), [0.2, 0.4, 0.6, 0.8, 1, 1, 0.5])
        assertClose(values(LinearWarmup(steps: 0, then: ConstantLearningRate(base: 0.3)), [0, 7]), [0.3, 0.3])
    }
}
