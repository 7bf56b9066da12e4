import Foundation

/// A comma-separated file with a header row, as importers read manifests.
///
/// Handles RFC 4180 quoting (`"a, b"`, `""` for a quote inside quotes), LF or CRLF line ends,
/// and skips blank lines. Columns are found by header name, case-insensitively.
public struct CSVTable: Sendable {
    /// One data row, with the line it started on (1-based) for error messages.
    public struct Row: Sendable {
        public let line: Int
        public let fields: [String]
    }

    public let file: String
    /// Header names, lowercased and trimmed.
    public let header: [String]
    public let rows: [Row]

    /// - Throws: ``DataFileError`` for an unreadable file, no header, an unterminated quote, or a
    ///   row whose field count differs from the header's.
    public init(contentsOf url: URL) throws {
        file = url.path
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw DataFileError(file: file, "cannot read as UTF-8 text")
        }
        let records = try Self.records(text, file: file)
        guard let first = records.first else { throw DataFileError(file: file, "is empty; expected a header row") }
        header = first.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        rows = Array(records.dropFirst())
        for row in rows where row.fields.count != header.count {
            throw DataFileError(file: file, "line \(row.line) has \(row.fields.count) fields, the header has \(header.count)")
        }
    }

    /// The index of column `name`, or nil.
    public func column(_ name: String) -> Int? { header.firstIndex(of: name.lowercased()) }

    /// The index of column `name`.
    /// - Throws: ``DataFileError`` listing the header when there is no such column.
    public func requireColumn(_ name: String) throws -> Int {
        guard let index = column(name) else {
            throw DataFileError(file: file, "has no column '\(name)' (columns: \(header.joined(separator: ", ")))")
        }
        return index
    }

    private static func records(_ text: String, file: String) throws -> [Row] {
        var records: [Row] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var characters = text.makeIterator()
        var pending: Character? = nil
        func endRecord() {
            fields.append(field)
            if !(fields.count == 1 && fields[0].isEmpty) { records.append(Row(line: recordLine, fields: fields)) }
            fields = []
            field = ""
        }
        while let character = pending ?? characters.next() {
            pending = nil
            if inQuotes {
                if character == "\"" {
                    let next = characters.next()
                    if next == "\"" { field.append("\"") } else { inQuotes = false; pending = next }
                } else {
                    if character.isNewline { line += 1 }
                    field.append(character)
                }
                continue
            }
            switch character {
            case "\"" where field.isEmpty: inQuotes = true
            case ",": fields.append(field); field = ""
            case "\n", "\r\n", "\r":
                endRecord()
                line += 1
                recordLine = line
            default: field.append(character)
            }
        }
        if inQuotes { throw DataFileError(file: file, "line \(recordLine): a quoted field is never closed") }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }
}
