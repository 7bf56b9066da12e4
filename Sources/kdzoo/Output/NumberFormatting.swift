import Foundation

/// Human-readable quantities for tables: `2.26M`, `328.4 MB`, `91.23%`.
enum Quantity {
    /// A count with a metric suffix: 2,255,156 -> `2.26M`.
    static func count(_ value: Int) -> String {
        let v = Double(value)
        switch abs(v) {
        case 1e9...: return String(format: "%.2fG", v / 1e9)
        case 1e6...: return String(format: "%.2fM", v / 1e6)
        case 1e4...: return String(format: "%.1fK", v / 1e3)
        default: return "\(value)"
        }
    }

    /// An exact count with thousands separators: 2255156 -> `2,255,156`.
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        let groups = stride(from: digits.count, to: 0, by: -3).map { end in
            String(digits[digits.index(digits.startIndex, offsetBy: max(end - 3, 0))..<digits.index(digits.startIndex, offsetBy: end)])
        }
        return (value < 0 ? "-" : "") + groups.reversed().joined(separator: ",")
    }

    /// Bytes in binary units: `8.6 MiB`.
    static func bytes(_ value: Int) -> String {
        let units = ["B", "KiB", "MiB", "GiB"]
        var v = Double(value), unit = 0
        while v >= 1024, unit < units.count - 1 { v /= 1024; unit += 1 }
        return unit == 0 ? "\(value) B" : String(format: "%.1f %@", v, units[unit])
    }

    /// A fraction as a percentage with two decimals: 0.9123 -> `91.23%`.
    static func percent(_ fraction: Double) -> String { String(format: "%.2f%%", 100 * fraction) }
}
