import Foundation
import XCTest

/// `kdzoo distill` without `--baseline` reports the zoo's shipped model of the student's
/// architecture as the baseline, but only when it was trained for as many epochs as the run.
final class ShippedBaselineCommandTests: StripesCLITestCase {
    func testShippedStudentOfTheSameScheduleIsTheBaseline() throws {
        let train = try scratch.kdzoo("train", "--arch", "cnn-micro", "--dataset", "stripes.h5", "--epochs", "2", "--lr", "0.05",
                                      "-o", "zoo/models/cnn-micro.stripes.h5", "--quiet")
        XCTAssertEqual(train.status, 0, train.stderr)
        let eval = try scratch.kdzoo("eval", "zoo/models/cnn-micro.stripes.h5", "--dataset", "stripes.h5", "--json")
        XCTAssertEqual(eval.status, 0, eval.stderr)
        let shippedTop1 = try XCTUnwrap(try json(eval.stdout)["top1"] as? Double)

        func distill(epochs: String) throws -> (report: [String: Any], stderr: String) {
            let run = try scratch.kdzoo("distill", "--teacher", "zoo/models/cnn-micro.stripes.h5", "--student", "cnn-micro",
                                        "--dataset", "stripes.h5", "--epochs", epochs, "--lr", "0.05", "-o", "student-\(epochs).h5", "--json")
            XCTAssertEqual(run.status, 0, run.stderr)
            let students = try XCTUnwrap(try json(run.stdout)["students"] as? [[String: Any]])
            return (students[0], run.stderr)
        }

        let sameSchedule = try distill(epochs: "2")
        let baseline = try XCTUnwrap(sameSchedule.report["baseline"] as? [String: Any])
        XCTAssertEqual(try XCTUnwrap(baseline["top1"] as? Double), shippedTop1, accuracy: 1e-9)
        XCTAssertTrue(sameSchedule.stderr.contains("baseline: "), sameSchedule.stderr)
        XCTAssertTrue(sameSchedule.stderr.contains("cnn-micro.stripes.h5, trained on the labels for 2 epochs"), sameSchedule.stderr)

        let otherSchedule = try distill(epochs: "1")
        XCTAssertNil(otherSchedule.report["baseline"] as? [String: Any], "a 2-epoch model must not stand in for a 1-epoch baseline")
    }

    private func json(_ text: String) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], text)
    }
}
