import Foundation
import XCTest

/// `zoo/scripts/methods_results.sh`, the script behind zoo/README.md's methods tables, on the
/// stripes set: it runs each method once per seed against the seed's baseline, skips what is
/// finished when started again, and prints one table row per student and method.
final class MethodsResultsScriptTests: StripesCLITestCase {
    private static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    private func script(_ arguments: String...) throws -> CommandRunner.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["zoo/scripts/methods_results.sh"] + arguments
        process.currentDirectoryURL = Self.repository
        var environment = ProcessInfo.processInfo.environment
        environment["KDZOO"] = CommandRunner.executable.path
        environment["KDZOO_HOME"] = folder.appendingPathComponent("zoo").path
        (environment["SEEDS"], environment["METHODS"]) = ("1", "kd dml")
        process.environment = environment
        let out = Pipe(), err = Pipe()
        (process.standardOutput, process.standardError) = (out, err)
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile(), stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandRunner.Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                                    stderr: String(decoding: stderr, as: UTF8.self))
    }

    func testRunsEachMethodAgainstTheBaselineOnceAndTabulatesThem() throws {
        let teacher = try scratch.kdzoo("train", "--arch", "cnn-micro", "--dataset", "stripes.h5", "--epochs", "1", "-o", "t.h5", "--quiet")
        XCTAssertEqual(teacher.status, 0, teacher.stderr)
        let (out, report) = (folder.appendingPathComponent("table").path, folder.appendingPathComponent("table/kd.s1.report.json").path)
        let arguments = [folder.appendingPathComponent("t.h5").path, "cnn-micro", folder.appendingPathComponent("stripes.h5").path, "1", out]
        let first = try script(arguments[0], arguments[1], arguments[2], arguments[3], arguments[4])
        XCTAssertEqual(first.status, 0, first.stderr)
        // Columns: teacher, student, method, epochs, runs, teacher %, baseline %, ...
        let rows = first.stdout.split(separator: "\n").filter { $0.hasPrefix("| ") && !$0.hasPrefix("| teacher") }
            .map { $0.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) } }
        XCTAssertEqual(rows.map { Array($0.prefix(5)) }, [["cnn-micro", "cnn-micro", "kd", "1", "1"],
                                                          ["—", "cnn-micro-1", "dml", "1", "1"], ["—", "cnn-micro-2", "dml", "1", "1"]])
        XCTAssertTrue(rows.allSatisfy { $0.count > 6 && $0[6] != "—" }, "every row has its baseline: \(rows)")
        let finished = try FileManager.default.attributesOfItem(atPath: report)[.modificationDate] as! Date

        let again = try script(arguments[0], arguments[1], arguments[2], arguments[3], arguments[4])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(again.stdout, first.stdout)
        XCTAssertEqual(try FileManager.default.attributesOfItem(atPath: report)[.modificationDate] as? Date, finished,
                       "a finished run is not run again")
    }
}
