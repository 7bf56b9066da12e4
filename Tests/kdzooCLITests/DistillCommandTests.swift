import Foundation
import KDData
import KDTensor
import XCTest

/// End-to-end runs of the CLI: train a teacher, distil it with a baseline, evaluate, predict,
/// and the one-line errors bad input must get.
final class DistillCommandTests: StripesCLITestCase {
    func testTrainDistillEvaluateAndPredict() throws {
        let train = try scratch.kdzoo("train", "--arch", "cnn-micro", "--dataset", "stripes.h5", "--epochs", "4", "--lr", "0.05",
                                      "-o", "teacher.h5", "--quiet")
        XCTAssertEqual(train.status, 0, train.stderr)
        XCTAssertTrue(train.stdout.contains("weights: teacher.h5"), train.stdout)

        let distill = try scratch.kdzoo("distill", "--teacher", "teacher.h5", "--student", "cnn-micro", "--dataset", "stripes.h5",
                                        "--epochs", "3", "--lr", "0.05", "--alpha", "0.5", "--baseline", "-o", "student.h5", "--quiet", "--json")
        XCTAssertEqual(distill.status, 0, distill.stderr)
        let report = try JSONSerialization.jsonObject(with: Data(distill.stdout.utf8)) as! [String: Any]
        let students = report["students"] as! [[String: Any]]
        let student = students[0]["student"] as! [String: Any]
        XCTAssertGreaterThan(student["top1"] as! Double, 0.8)
        XCTAssertNotNil(students[0]["baseline"] as? [String: Any])
        XCTAssertNotNil(students[0]["accuracyGainedVsBaseline"] as? Double)
        for file in ["student.h5", "student.report.json", "student.report.md", "student.ckpt.h5"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), file)
        }

        let eval = try scratch.kdzoo("eval", "student.h5", "--dataset", "stripes.h5", "--json")
        XCTAssertEqual(eval.status, 0, eval.stderr)
        let evaluation = try JSONSerialization.jsonObject(with: Data(eval.stdout.utf8)) as! [String: Any]
        XCTAssertEqual(evaluation["top1"] as! Double, student["top1"] as! Double, accuracy: 1e-9)

        let predict = try scratch.kdzoo("predict", "student.h5", "--input", "stripes.h5", "--path", "test/x", "-o", "p.h5")
        XCTAssertEqual(predict.status, 0, predict.stderr)
        let predictions = try HDF5File.open(folder.appendingPathComponent("p.h5").path)
        XCTAssertEqual(try predictions.root.dataset("probabilities").shape, [128, 2])
    }

    func testBadInputGetsOneLineErrorsAndNonZeroExit() throws {
        let cases: [([String], String)] = [
            (["distill", "--teacher", "nosuch.h5", "--student", "cnn-micro", "--dataset", "stripes.h5"], "nosuch.h5: no such file"),
            (["distill", "--teacher", "cnn", "--student", "cnn-micro", "--dataset", "missing.h5"], "missing.h5: no such file"),
            (["distill", "--teacher", "cnn", "--student", "mobilenot", "--dataset", "stripes.h5"], "mobilenot"),
            (["distill", "--teacher", "cnn", "--student", "cnn-micro", "--dataset", "stripes.h5"], "no pretrained cnn-lenet5 for stripes"),
            (["train", "--arch", "cnn", "--dataset", "stripes.h5", "--epochs", "0"], "epochs"),
            (["distill", "--teacher", "cnn", "--method", "magic", "--dataset", "stripes.h5"], "unknown method 'magic'"),
        ]
        for (arguments, expected) in cases {
            let result = try CommandRunner.run(arguments, in: folder)
            XCTAssertNotEqual(result.status, 0, arguments.joined(separator: " "))
            let lines = result.stderr.split(separator: "\n")
            XCTAssertTrue(lines.first?.hasPrefix("Error: ") ?? false, "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(expected), "\(arguments): expected '\(expected)' in \(result.stderr)")
            XCTAssertFalse(result.stderr.contains("Fatal error") || result.stderr.contains("Stack dump"), result.stderr)
        }
    }
}
