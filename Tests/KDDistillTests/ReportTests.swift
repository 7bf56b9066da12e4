import KDDistill
import XCTest

final class ReportTests: XCTestCase {
    func testDistillationMetricFollowsTheSurveyFormula() {
        let metric = DistillationMetric(alpha: 0.5)
        // Half the size, 90% of the accuracy: 0.5 * 0.5 + 0.5 * 0.1.
        XCTAssertEqual(metric.score(studentSize: 50, teacherSize: 100, studentAccuracy: 0.81, teacherAccuracy: 0.9),
                       0.30, accuracy: 1e-12)
        XCTAssertEqual(DistillationMetric(alpha: 1).score(studentSize: 1, teacherSize: 4, studentAccuracy: 0, teacherAccuracy: 1),
                       0.25, accuracy: 1e-12)
    }

    func testReportDerivesComparisonsAgainstTeacherAndBaseline() throws {
        let teacher = ModelSummary(role: .teacher, model: "wrn-40-2", top1: 0.94, parameters: 2_000_000, bytes: 8_000_000,
                                   macs: 300_000_000, latencyMilliseconds: 5)
        let student = ModelSummary(role: .student, model: "wrn-16-2", top1: 0.92, parameters: 500_000, bytes: 2_000_000,
                                   macs: 100_000_000, latencyMilliseconds: 2)
        var baseline = student
        baseline.role = .baseline
        baseline.top1 = 0.905
        let report = DistillationReport(dataset: "fashion.h5", method: "kd", teachers: [teacher],
                                        students: [(student, baseline)], metric: DistillationMetric(), epochs: 3, seed: 1)
        let row = report.students[0]
        XCTAssertEqual(try XCTUnwrap(row.accuracyLostVsTeacher), 2, accuracy: 1e-9)
        XCTAssertEqual(row.accuracyGainedVsBaseline!, 1.5, accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(row.sizeReduction), 75, accuracy: 1e-9)
        XCTAssertEqual(try XCTUnwrap(row.distillationMetric), 0.5 * 0.25 + 0.5 * (1 - 0.92 / 0.94), accuracy: 1e-12)
        XCTAssertEqual(report.markdownRows,
                       ["| wrn-40-2 | wrn-16-2 | kd | 94.00 | 90.50 | 92.00 | +2.00 | +1.50 | 75.0% | 0.136 |"])
        let decoded = try! JSONDecoder().decode(DistillationReport.self, from: report.jsonData())
        XCTAssertEqual(decoded, report)
    }

    func testATeacherlessRunLeavesTheTeacherColumnsEmpty() throws {
        // Mutual learning: the student is compared with nothing, so size reduction and DS are "—", not 0% and α.
        let peer = ModelSummary(role: .student, model: "resnet-8", top1: 0.8, parameters: 80_000, bytes: 320_000,
                                macs: 10_000_000, latencyMilliseconds: 1)
        var baseline = peer
        baseline.role = .baseline
        baseline.top1 = 0.78
        let report = DistillationReport(dataset: "digits.h5", method: "dml", teachers: [], students: [(peer, baseline)],
                                        metric: DistillationMetric(), epochs: 2, seed: 1)
        XCTAssertEqual(report.markdownRows, ["| — | resnet-8 | dml | — | 78.00 | 80.00 | — | +2.00 | — | — |"])
        let result = report.students[0]
        XCTAssertNil(result.accuracyLostVsTeacher)
        XCTAssertNil(result.sizeReduction)
        XCTAssertNil(result.distillationMetric)
        // Scripts read the JSON: the comparisons are absent there, not 0% and α.
        let json = String(decoding: try report.jsonData(), as: UTF8.self)
        XCTAssertFalse(json.contains("sizeReduction"), json)
        XCTAssertFalse(json.contains("distillationMetric"), json)
        XCTAssertEqual(try JSONDecoder().decode(DistillationReport.self, from: report.jsonData()), report)
    }
}
