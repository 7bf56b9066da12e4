import Foundation
import XCTest

/// Decision trees through the CLI: distilled from a trained network with shifted copies and a
/// hard-label baseline, evaluated, printed as rules, and fitted to labels by `train`; a tree
/// teacher's weights file serves for the refusals.
final class TreeCommandTests: StripesCLITestCase {
    func testDistilEvaluateAndPrintATree() throws {
        let teacher = try scratch.kdzoo("train", "--arch", "mlp-16", "--dataset", "stripes.h5", "--epochs", "3", "-o", "teacher.h5", "--quiet")
        XCTAssertEqual(teacher.status, 0, teacher.stderr)

        let distill = try scratch.kdzoo("distill", "--teacher", "teacher.h5", "--student", "tree-depth-6", "--dataset", "stripes.h5",
                                        "--copies", "1", "--shift", "2", "--baseline", "-o", "tree.h5", "--quiet", "--json")
        XCTAssertEqual(distill.status, 0, distill.stderr)
        let report = try JSONSerialization.jsonObject(with: Data(distill.stdout.utf8)) as! [String: Any]
        XCTAssertEqual(report["method"] as? String, "soft-labels+1-copies")
        XCTAssertEqual(report["epochs"] as? Int, 0)
        let result = (report["students"] as! [[String: Any]])[0]
        let student = result["student"] as! [String: Any], baseline = result["baseline"] as! [String: Any]
        // Stripes anywhere in the image are hard for axis-aligned splits: only better than chance.
        XCTAssertGreaterThan(student["top1"] as! Double, 0.6)
        XCTAssertGreaterThan(baseline["top1"] as! Double, 0.55)
        XCTAssertLessThanOrEqual(student["bytes"] as! Int, 127 * (1 + 1 + 2 + 2) * 4, "a depth-6 tree has at most 127 nodes")

        let eval = try scratch.kdzoo("eval", "tree.h5", "--dataset", "stripes.h5", "--json")
        XCTAssertEqual(eval.status, 0, eval.stderr)
        let evaluation = try JSONSerialization.jsonObject(with: Data(eval.stdout.utf8)) as! [String: Any]
        XCTAssertEqual(evaluation["top1"] as! Double, student["top1"] as! Double, accuracy: 1e-9)

        let rules = try scratch.kdzoo("info", "tree.h5", "--rules")
        XCTAssertEqual(rules.status, 0, rules.stderr)
        let lines = rules.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertTrue(lines[0].hasPrefix("tree-depth-6: "), lines[0])
        XCTAssertTrue(lines[2].hasPrefix("if x["), lines[2])
        XCTAssertTrue(lines[2].contains(" (y="), lines[2])
        XCTAssertTrue(lines.contains { $0.contains("predict horizontal (p=") || $0.contains("predict vertical (p=") })
    }

    func testTrainFitsATreeToTheLabelsAndWrongOptionsAreRefused() throws {
        let teacher = try scratch.kdzoo("train", "--arch", "tree-depth-2", "--dataset", "stripes.h5", "-o", "teacher.h5", "--quiet")
        XCTAssertEqual(teacher.status, 0, teacher.stderr)
        XCTAssertTrue(teacher.stdout.contains("fitted\nweights: teacher.h5"), teacher.stdout)
        let cases: [([String], String)] = [
            (["distill", "--teacher", "teacher.h5", "--student", "tree-depth-3", "--dataset", "stripes.h5", "--method", "kd"],
             "tree-depth-3 is fitted to the teacher's soft labels"),
            (["distill", "--teacher", "teacher.h5", "--student", "tree-depth-3", "--dataset", "stripes.h5", "--max-features", "0"],
             "max-features: must be at least 1"),
            (["info", "teacher.h5", "--rules", "--input", "1x28x28"], "--input and --classes describe a zoo model"),
            (["info", "tree-depth-3", "--rules"], "--rules reads a fitted tree's weights file"),
        ]
        for (arguments, expected) in cases {
            let result = try CommandRunner.run(arguments, in: folder)
            XCTAssertNotEqual(result.status, 0, arguments.joined(separator: " "))
            XCTAssertTrue(result.stderr.hasPrefix("Error: "), "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(expected), "\(arguments): expected '\(expected)' in \(result.stderr)")
        }
    }
}
