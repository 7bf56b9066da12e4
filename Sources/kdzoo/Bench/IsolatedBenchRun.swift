import Foundation

/// Runs one benchmark case in a fresh `kdzoo bench --row NAME --json` process, so that its peak
/// resident set is its own (not the largest of all cases run before it) and no case inherits
/// another's heap or thread state.
struct IsolatedBenchRun {
    let batch: Int
    let timing: BenchTiming

    /// The rows the child process measured for `row`.
    func measure(_ row: String) throws -> [BenchRow] {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = ["bench", "--section", "models", "--row", row, "--json", "--batch", "\(batch)",
                             "--repeats", "\(timing.repeats)", "--warmups", "\(timing.warmUps)"]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Read both before waiting: a full pipe would block the child. Its error output is small.
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let reason = message.split(separator: "\n").last.map(String.init) ?? "exit status \(process.terminationStatus)"
            throw BenchFailure("bench row '\(row)' failed in its own process: \(reason)")
        }
        return try JSONDecoder().decode(MeasuredRows.self, from: data).rows
    }

    /// The part of a child's `--json` report read back.
    private struct MeasuredRows: Decodable {
        let rows: [BenchRow]
    }

    /// This executable (`/proc/self/exe` on Linux, else the path it was started by).
    private static var executable: URL {
        let linux = URL(fileURLWithPath: "/proc/self/exe")
        if FileManager.default.fileExists(atPath: linux.path) { return linux.resolvingSymlinksInPath() }
        return URL(fileURLWithPath: CommandLine.arguments[0])
    }
}
