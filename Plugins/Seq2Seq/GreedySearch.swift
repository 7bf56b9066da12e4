import KDTensor
import KDZoo

/// Greedy decoding: each prefix is extended by its most likely token until it emits `</s>` or
/// reaches the length limit. All rows advance together, one batched step at a time.
public enum GreedySearch {
    /// The token sequences (without `</s>`) for the `rows` prefixes of `initial`, each at most
    /// `maxLength` tokens long.
    public static func run<Decoder: IncrementalDecoder>(_ decoder: Decoder, initial: Decoder.State, rows: Int,
                                                        maxLength: Int) -> [[Int]] {
        var state = initial
        var sequences = [[Int]](repeating: [], count: rows)
        var finished = [Bool](repeating: false, count: rows)
        var tokens = [Int](repeating: SpecialToken.start, count: rows)
        for _ in 0..<maxLength where finished.contains(false) {
            let step = decoder.step(tokens, state: state)
            state = step.state
            let vocabulary = step.logits.shape[1]
            for row in 0..<rows where !finished[row] {
                let logits = step.logits.pointer + row * vocabulary
                var best = -1
                for token in 0..<vocabulary where EmittableTokens.contains(token) && (best < 0 || logits[token] > logits[best]) {
                    best = token
                }
                tokens[row] = best
                if best == SpecialToken.end { finished[row] = true } else { sequences[row].append(best) }
            }
        }
        return sequences
    }
}
