import Foundation

/// The process's resident set size, for the benchmark's memory columns.
enum ResidentMemory {
    /// The peak resident set of this program so far, in MB (10^6 bytes): `VmHWM` from
    /// `/proc/self/status`. Unlike `getrusage`'s `ru_maxrss`, which Linux carries over `execve`,
    /// it does not include the parent's resident set at fork time (a Python parent with torch
    /// loaded would otherwise set every child's peak to its own 200+ MB). `ru_maxrss` elsewhere.
    static func peakMegabytes() -> Double {
        if let kibibytes = statusField("VmHWM:") { return kibibytes * 1024 / 1e6 }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) * 1024 / 1e6
    }

    /// The resident set now (`VmRSS`), in MB; 0 where the system does not report it.
    static func currentMegabytes() -> Double {
        statusField("VmRSS:").map { $0 * 1024 / 1e6 } ?? 0
    }

    /// A `kB` field of `/proc/self/status`.
    private static func statusField(_ name: String) -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = text.split(separator: "\n").first(where: { $0.hasPrefix(name) }) else { return nil }
        return line.split(separator: " ").dropFirst().first.flatMap { Double($0) }
    }
}
