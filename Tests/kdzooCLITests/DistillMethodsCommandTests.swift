import Foundation
import XCTest

/// `kdzoo distill` with the method zoo: several teachers and students, mutual learning, ONE,
/// method flags and their one-line errors.
final class DistillMethodsCommandTests: StripesCLITestCase {
    private func report(_ result: CommandRunner.Result) throws -> [String: Any] {
        XCTAssertEqual(result.status, 0, result.stderr)
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
    }

    private func exists(_ file: String) -> Bool {
        FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path)
    }

    func testTwoTeachersTeachTwoStudentsWithConfidenceWeights() throws {
        let train = try scratch.kdzoo("train", "--arch", "cnn-micro", "--dataset", "stripes.h5", "--epochs", "3", "--lr", "0.05",
                              "-o", "a.h5", "--quiet")
        XCTAssertEqual(train.status, 0, train.stderr)
        // The same teacher twice keeps the test short; the weighting and the rows are what is checked.
        let result = try scratch.kdzoo("distill", "--teacher", "a.h5", "--teachers", "a.h5", "--teacher-weighting", "confidence",
                               "--student", "cnn-micro", "--student", "mlp-16-16-dropout", "--method", "kd+rkd", "--alpha", "0.5",
                               "--dataset", "stripes.h5", "--epochs", "3", "--lr", "0.05", "-o", "s.h5", "--quiet", "--json")
        let json = try report(result)
        XCTAssertEqual((json["teachers"] as! [[String: Any]]).count, 2)
        let students = json["students"] as! [[String: Any]]
        XCTAssertEqual(students.map { ($0["student"] as! [String: Any])["model"] as! String }, ["cnn-micro", "mlp-16-16-dropout"])
        XCTAssertGreaterThan((students[0]["student"] as! [String: Any])["top1"] as! Double, 0.6)
        for file in ["s-cnn-micro.h5", "s-mlp-16-16-dropout.h5", "s.report.json", "s.report.md"] { XCTAssertTrue(exists(file), file) }
        let markdown = try String(contentsOf: folder.appendingPathComponent("s.report.md"), encoding: .utf8)
        XCTAssertEqual(markdown.split(separator: "\n").filter { $0.hasPrefix("| cnn-micro + cnn-micro |") }.count, 2)
    }

    func testCombinedMethodsShowEachPartWithNamedHintAndFixedTeacherWeights() throws {
        let train = try scratch.kdzoo("train", "--arch", "cnn-micro", "--dataset", "stripes.h5", "--epochs", "1", "--lr", "0.05",
                                      "-o", "a.h5", "--quiet")
        XCTAssertEqual(train.status, 0, train.stderr)
        let result = try scratch.kdzoo("distill", "--teacher", "a.h5", "--teacher", "a.h5", "--teacher-weights", "3", "1",
                                       "--student", "cnn-micro", "--method", "kd+fitnet+at", "--hint", "stage2:stage3",
                                       "--dataset", "stripes.h5", "--epochs", "1", "--lr", "0.05", "-o", "c.h5", "--json")
        let json = try report(result)
        XCTAssertEqual(json["method"] as? String, "kd+fitnet+at")
        let progress = result.stderr.split(separator: "\n").filter { $0.hasPrefix("epoch 1/1 ") }
        XCTAssertFalse(progress.isEmpty, result.stderr)
        for part in [" ce ", " kd ", " fitnet ", " at "] {
            XCTAssertTrue(progress.allSatisfy { $0.contains(part) }, "'\(part)' missing from \(progress)")
        }
        XCTAssertTrue(result.stderr.contains("method state (learnable parts and memory, saved in each checkpoint): fitnet "),
                      result.stderr)
        let wrongCount = try scratch.kdzoo("distill", "--teacher", "a.h5", "--teachers", "a.h5,a.h5", "--teacher-weights", "1", "2",
                                           "--student", "cnn-micro", "--dataset", "stripes.h5", "--epochs", "1")
        XCTAssertTrue(wrongCount.stderr.contains("teacher-weights: 2 weights for 3 teachers"), wrongCount.stderr)
        let unknownHint = try scratch.kdzoo("distill", "--teacher", "a.h5", "--student", "cnn-micro", "--method", "fitnet",
                                            "--hint", "stage9", "--dataset", "stripes.h5", "--epochs", "1")
        XCTAssertTrue(unknownHint.stderr.contains("fitnet: the student has no feature tap 'stage9'"), unknownHint.stderr)
    }

    func testMutualLearningTrainsPeersWithoutATeacher() throws {
        let json = try report(try scratch.kdzoo("distill", "--method", "dml", "--student", "cnn-micro", "--dataset", "stripes.h5",
                                        "--epochs", "2", "--lr", "0.05", "--baseline", "-o", "dml.h5", "--quiet", "--json"))
        XCTAssertEqual((json["teachers"] as! [Any]).count, 0)
        let students = json["students"] as! [[String: Any]]
        XCTAssertEqual(students.map { ($0["student"] as! [String: Any])["model"] as! String }, ["cnn-micro-1", "cnn-micro-2"])
        XCTAssertNotNil(students[1]["accuracyGainedVsBaseline"] as? Double)
        XCTAssertTrue(exists("dml-cnn-micro-1.h5") && exists("dml-cnn-micro-2.h5"))
    }

    func testOneExportsABranchAsAPlainStudent() throws {
        let json = try report(try scratch.kdzoo("distill", "--method", "one", "--one-branches", "2", "--student", "cnn-micro",
                                        "--dataset", "stripes.h5", "--epochs", "1", "--lr", "0.05", "-o", "one.h5", "--quiet", "--json"))
        let teachers = json["teachers"] as! [[String: Any]]
        XCTAssertEqual(teachers.map { $0["model"] as! String }, ["cnn-micro ONE ensemble x2"])
        let student = (json["students"] as! [[String: Any]])[0]["student"] as! [String: Any]
        let eval = try report(try scratch.kdzoo("eval", "one.h5", "--dataset", "stripes.h5", "--json"))
        XCTAssertEqual(eval["top1"] as! Double, student["top1"] as! Double, accuracy: 1e-9, "the saved branch is the measured student")
        XCTAssertLessThan(student["parameters"] as! Int, teachers[0]["parameters"] as! Int)
    }

    func testMethodOptionsComeFromRecipesAndBadOnesGetOneLineErrors() throws {
        try "method: at\nat-weight: -1\n".write(to: folder.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        try "method: dml\ndml-weight: 2\n".write(to: folder.appendingPathComponent("unknown.yaml"), atomically: true, encoding: .utf8)
        let cases: [([String], String)] = [
            (["distill", "--method", "dml", "--teacher", "a.h5", "--student", "cnn-micro", "--dataset", "stripes.h5"],
             "--method dml trains without a teacher; remove --teacher"),
            (["distill", "--recipe", "bad.yaml", "--dataset", "stripes.h5"], "at-weight: must not be negative, got -1.0"),
            (["distill", "--recipe", "unknown.yaml", "--dataset", "stripes.h5"], "unknown key 'dml-weight'"),
            (["distill", "--method", "crd", "--crd-negatives", "0", "--dataset", "stripes.h5"], "crd-negatives: must be at least 1"),
            (["distill", "--method", "at", "--taps", "stage1:", "--dataset", "stripes.h5"], "taps: 'stage1:' should list taps"),
            (["distill", "--method", "one", "--student", "cnn-lenet5", "--dataset", "stripes.h5"], "cannot grow branches"),
            (["distill", "--method", "kd+", "--dataset", "stripes.h5"], "names no method"),
        ]
        for (arguments, expected) in cases {
            let result = try CommandRunner.run(arguments, in: folder)
            XCTAssertNotEqual(result.status, 0, arguments.joined(separator: " "))
            XCTAssertTrue(result.stderr.hasPrefix("Error: "), "\(arguments): \(result.stderr)")
            XCTAssertTrue(result.stderr.contains(expected), "\(arguments): expected '\(expected)' in \(result.stderr)")
            XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr)
        }
    }
}
