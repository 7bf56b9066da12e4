import Foundation
import XCTest

/// `--teacher cnn` names a family: its default variant's pretrained model, or else the largest
/// model of the family the zoo ships for the dataset.
final class FamilyTeacherCommandTests: StripesCLITestCase {
    func testFamilyNameFallsBackToTheLargestShippedVariant() throws {
        // cnn's default variant is lenet5; only micro is shipped here.
        let train = try scratch.kdzoo("train", "--arch", "cnn-micro", "--dataset", "stripes.h5", "--epochs", "1",
                                      "-o", "zoo/models/cnn-micro.stripes.h5", "--quiet")
        XCTAssertEqual(train.status, 0, train.stderr)
        let run = try scratch.kdzoo("distill", "--teacher", "cnn", "--student", "mlp-800-800", "--dataset", "stripes.h5",
                                    "--epochs", "1", "-o", "student.h5", "--json")
        XCTAssertEqual(run.status, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("cnn: the zoo's pretrained cnn-micro.stripes.h5"), run.stderr)
        let report = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let teachers = try XCTUnwrap(report["teachers"] as? [[String: Any]])
        XCTAssertEqual(teachers.first?["model"] as? String, "cnn-micro")
    }

    func testAVariantNameDoesNotFallBack() throws {
        let train = try scratch.kdzoo("train", "--arch", "cnn-micro", "--dataset", "stripes.h5", "--epochs", "1",
                                      "-o", "zoo/models/cnn-micro.stripes.h5", "--quiet")
        XCTAssertEqual(train.status, 0, train.stderr)
        let run = try scratch.kdzoo("distill", "--teacher", "cnn-lenet5", "--student", "mlp-800-800", "--dataset", "stripes.h5",
                                    "--epochs", "1", "-o", "student.h5")
        XCTAssertNotEqual(run.status, 0)
        XCTAssertTrue(run.stderr.contains("Error: no pretrained cnn-lenet5 for stripes"), run.stderr)
    }
}
