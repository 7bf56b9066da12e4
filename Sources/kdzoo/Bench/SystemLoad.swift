import Foundation

/// How busy the machine was, so benchmark numbers taken on a shared machine can be read honestly.
enum SystemLoad {
    /// The one-minute load average (runnable processes), where the system reports it (Linux).
    static func oneMinuteAverage() -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8),
              let first = text.split(separator: " ").first else { return nil }
        return Double(first)
    }
}
