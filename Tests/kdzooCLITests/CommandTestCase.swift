import Foundation
import XCTest

/// A CLI test in its own folder holding the stripes dataset and an empty `zoo/models`, which
/// `KDZOO_HOME` points at; kept after the test when `KDZOO_KEEP_TEST_FILES` is set.
class CommandTestCase: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("kdzoo-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("zoo/models"), withIntermediateDirectories: true)
        try StripesDataset.write(to: folder.appendingPathComponent("stripes.h5").path)
    }

    override func tearDownWithError() throws {
        if ProcessInfo.processInfo.environment["KDZOO_KEEP_TEST_FILES"] == nil { try? FileManager.default.removeItem(at: folder) }
    }

    /// Runs `kdzoo` with `arguments` in the test's folder.
    func kdzoo(_ arguments: String...) throws -> CommandRunner.Result {
        try CommandRunner.run(arguments, in: folder)
    }
}
