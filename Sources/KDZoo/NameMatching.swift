/// Closest-name suggestions for mistyped names, by edit distance.
enum NameMatching {
    /// Up to `limit` candidates within an edit distance of a third of the longer name
    /// (at least 2), nearest first; ties keep the candidates' order.
    static func closest(to text: String, among candidates: [String], limit: Int) -> [String] {
        let scored = candidates.enumerated().compactMap { position, candidate -> (Int, Int, String)? in
            let distance = editDistance(text, candidate)
            let allowed = max(2, max(text.count, candidate.count) / 3)
            return distance <= allowed ? (distance, position, candidate) : nil
        }
        var seen = Set<String>()
        return scored.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
            .map(\.2)
            .filter { seen.insert($0).inserted }
            .prefix(limit)
            .map { $0 }
    }

    /// Levenshtein distance: insertions, deletions and substitutions each cost 1.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        // One row of the dynamic-programming table at a time: distances from a[..<i] to every b[..<j].
        var row = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var diagonal = row[0]
            row[0] = i + 1
            for (j, y) in b.enumerated() {
                let substitution = diagonal + (x == y ? 0 : 1)
                diagonal = row[j + 1]
                row[j + 1] = min(substitution, row[j + 1] + 1, row[j] + 1)
            }
        }
        return row[b.count]
    }
}
