import Foundation

/// A progress bar on standard error: redrawn in place on a terminal, plain log lines
/// (at most one every few seconds, plus the last) when output is piped or in CI.
final class ProgressBar {
    private let total: Int
    private let label: String
    private let isTerminal: Bool
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var lastLine = ""

    /// `label` prefixes every line (e.g. `epoch 3/30`); `total` is the number of steps.
    init(total: Int, label: String, isTerminal: Bool = isatty(STDERR_FILENO) != 0) {
        self.total = max(total, 1)
        self.label = label
        self.isTerminal = isTerminal
    }

    /// Reports `completed` steps, with `detail` (losses, accuracy) after the bar.
    func update(completed: Int, detail: String) {
        let now = Date()
        let done = completed >= total
        let interval: TimeInterval = isTerminal ? 0.1 : 10
        guard done || now.timeIntervalSince(lastDraw) >= interval else { return }
        lastDraw = now
        let elapsed = now.timeIntervalSince(start)
        let fraction = Double(min(completed, total)) / Double(total)
        let eta = completed > 0 ? elapsed / Double(completed) * Double(total - completed) : 0
        let timing = done ? "in \(Self.clock(elapsed))" : "ETA \(Self.clock(eta))"
        if isTerminal {
            let width = 24
            let filled = Int(fraction * Double(width))
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
            let line = "\(label) \(bar) \(completed)/\(total) \(detail) \(timing)"
            // Pad over any longer previous line, then return the cursor without a newline.
            let padding = String(repeating: " ", count: max(0, lastLine.count - line.count))
            FileHandle.standardError.write(Data("\r\(line)\(padding)".utf8))
            lastLine = line
        } else {
            let percent = Int((fraction * 100).rounded())
            FileHandle.standardError.write(Data("\(label) \(completed)/\(total) (\(percent)%) \(detail) \(timing)\n".utf8))
        }
    }

    /// Ends the bar's line on a terminal.
    func finish() {
        if isTerminal, !lastLine.isEmpty { FileHandle.standardError.write(Data("\n".utf8)) }
        lastLine = ""
    }

    /// `75` -> `1:15`, `3725` -> `1:02:05`.
    static func clock(_ seconds: TimeInterval) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                         : String(format: "%d:%02d", s / 60, s % 60)
    }
}
