import Foundation

/// A plain-text table with aligned columns, for `list`, `info`, `eval` and run reports.
struct TextTable {
    enum Alignment { case left, right }

    var headers: [String]
    var alignments: [Alignment]
    private(set) var rows: [[String]] = []

    /// Columns are left-aligned unless listed in `rightAligned` (numbers read best right-aligned).
    init(_ headers: [String], rightAligned: Set<Int> = []) {
        self.headers = headers
        self.alignments = headers.indices.map { rightAligned.contains($0) ? .right : .left }
    }

    mutating func append(_ row: [String]) {
        precondition(row.count == headers.count, "table row has \(row.count) cells, expected \(headers.count)")
        rows.append(row)
    }

    /// The table with a header rule, two spaces between columns, no trailing spaces.
    func render() -> String {
        let widths = headers.indices.map { column in
            ([headers[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return alignments[column] == .right ? pad + cell : cell + pad
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        return ([line(headers), rule] + rows.map(line)).joined(separator: "\n")
    }
}
