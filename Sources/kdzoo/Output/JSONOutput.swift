import Foundation

/// JSON for `--json` flags: pretty-printed with sorted keys, so scripts and diffs see stable output.
enum JSONOutput {
    static func render<Value: Encodable>(_ value: Value) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
