import Foundation
import KDDistill

/// The files a run writes beside its output weights: `<name>.ckpt.h5` (checkpoint),
/// `<name>.report.json` and `<name>.report.md`, and the teacher-output cache folder.
enum RunFiles {
    /// `runs/a.h5` -> `runs/a`.
    static func reportBase(for output: String) -> String {
        output.hasSuffix(".h5") ? String(output.dropLast(3)) : output
    }

    static func checkpoint(for output: String) -> String { reportBase(for: output) + ".ckpt.h5" }

    static func cacheFolder(for output: String) -> String {
        URL(fileURLWithPath: output).deletingLastPathComponent().appendingPathComponent(".kdzoo-cache").path
    }

    /// Creates the output's folder if needed.
    static func prepareFolder(of output: String) throws {
        let folder = URL(fileURLWithPath: output).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    /// Writes the report as JSON and as Markdown rows, each atomically.
    static func writeReport(_ report: DistillationReport, next output: String) throws {
        let base = reportBase(for: output)
        try report.jsonData().write(to: URL(fileURLWithPath: base + ".report.json"), options: .atomic)
        let header = """
        | teacher | student | method | teacher % | baseline % | student % | lost vs teacher | gained vs baseline | size reduction | DS |
        |---|---|---|---|---|---|---|---|---|---|
        """
        let markdown = ([header] + report.markdownRows).joined(separator: "\n") + "\n"
        try Data(markdown.utf8).write(to: URL(fileURLWithPath: base + ".report.md"), options: .atomic)
    }
}
