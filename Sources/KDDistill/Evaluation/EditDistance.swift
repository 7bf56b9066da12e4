/// The Levenshtein distance between token sequences: the fewest insertions, deletions and
/// substitutions that turn one into the other (each costs 1).
public enum EditDistance {
    /// The distance between `hypothesis` and `reference`, in O(|h|·|r|) time and O(|r|) memory.
    public static func between(_ hypothesis: [Int], _ reference: [Int]) -> Int {
        guard !hypothesis.isEmpty else { return reference.count }
        guard !reference.isEmpty else { return hypothesis.count }
        // previous[j]: the distance between the first i - 1 hypothesis tokens and the first j reference tokens.
        var previous = Array(0...reference.count)
        var current = [Int](repeating: 0, count: reference.count + 1)
        for (i, token) in hypothesis.enumerated() {
            current[0] = i + 1
            for j in 1...reference.count {
                let substitution = previous[j - 1] + (token == reference[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
            }
            swap(&previous, &current)
        }
        return previous[reference.count]
    }
}
