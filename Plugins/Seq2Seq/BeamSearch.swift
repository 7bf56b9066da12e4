import Foundation
import KDTensor
import KDZoo

/// Beam search: for every source, the `width` most likely prefixes (by the sum of their tokens'
/// log-probabilities, without length normalisation) are extended together, and a prefix that
/// emits `</s>` among the `width` best candidates of a step becomes a finished hypothesis.
/// A source is done when its best finished hypothesis scores at least as high as its best
/// unfinished prefix (which can only lose probability as it grows), or at the length limit,
/// where unfinished prefixes compete as they are. The result is the best hypothesis.
///
/// With `width` 1 this is exactly ``GreedySearch``. All sources' beams run as one batch of
/// `sources · width` rows.
public struct BeamSearch {
    public let width: Int
    public let maxLength: Int

    public init(width: Int, maxLength: Int) {
        precondition(width >= 1 && maxLength >= 1, "BeamSearch: width \(width) and maxLength \(maxLength) must be positive")
        self.width = width
        self.maxLength = maxLength
    }

    private struct Hypothesis {
        var tokens: [Int]
        var score: Double
    }

    /// The best token sequence (without `</s>`) for each of the `sources` rows of `initial`.
    public func run<Decoder: IncrementalDecoder>(_ decoder: Decoder, initial: Decoder.State, sources: Int) -> [[Int]] {
        let rows = sources * width
        var state = decoder.reorder(initial, rows: (0..<rows).map { $0 / width })
        // Only the first beam of each source is live at the start, so no prefix appears twice.
        var beams = (0..<rows).map { Hypothesis(tokens: [], score: $0 % width == 0 ? 0 : -.infinity) }
        var finished = [[Hypothesis]](repeating: [], count: sources)
        var done = [Bool](repeating: false, count: sources)
        var tokens = [Int](repeating: SpecialToken.start, count: rows)

        for length in 1...maxLength where done.contains(false) {
            let step = decoder.step(tokens, state: state)
            let logProbabilities = Self.logSoftmax(step.logits)
            let vocabulary = step.logits.shape[1]
            var parents = Array(0..<rows)
            var next = beams
            for source in 0..<sources where !done[source] {
                var candidates: [(score: Double, row: Int, token: Int)] = []
                for row in source * width..<(source + 1) * width where beams[row].score > -.infinity {
                    for token in 0..<vocabulary where EmittableTokens.contains(token) {
                        candidates.append((beams[row].score + logProbabilities[row * vocabulary + token], row, token))
                    }
                }
                // Ties go to the earlier beam and the lower id, as greedy search's arg-max does.
                candidates.sort { ($0.score, -$0.row, -$0.token) > ($1.score, -$1.row, -$1.token) }
                var alive: [(score: Double, row: Int, token: Int)] = []
                for (rank, candidate) in candidates.enumerated() {
                    if alive.count == width { break }
                    if candidate.token == SpecialToken.end {
                        if rank < width { finished[source].append(Hypothesis(tokens: beams[candidate.row].tokens, score: candidate.score)) }
                    } else {
                        alive.append(candidate)
                    }
                }
                let bestFinished = finished[source].map(\.score).max() ?? -.infinity
                for slot in 0..<width {
                    let row = source * width + slot
                    guard slot < alive.count else {
                        next[row] = Hypothesis(tokens: [], score: -.infinity)
                        continue
                    }
                    parents[row] = alive[slot].row
                    next[row] = Hypothesis(tokens: beams[alive[slot].row].tokens + [alive[slot].token], score: alive[slot].score)
                }
                if length == maxLength {
                    finished[source] += next[source * width..<(source + 1) * width].filter { $0.score > -.infinity }
                }
                done[source] = alive.isEmpty || length == maxLength || bestFinished >= alive[0].score
            }
            beams = next
            tokens = (0..<rows).map { beams[$0].tokens.last ?? SpecialToken.end }
            state = decoder.reorder(step.state, rows: parents)
        }
        return finished.map { hypotheses in hypotheses.max { $0.score < $1.score }?.tokens ?? [] }
    }

    /// Row-wise log-softmax of `[rows, vocabulary]` logits, in double precision.
    private static func logSoftmax(_ logits: Tensor) -> [Double] {
        let (rows, vocabulary) = (logits.shape[0], logits.shape[1])
        var result = [Double](repeating: 0, count: rows * vocabulary)
        for row in 0..<rows {
            let x = logits.pointer + row * vocabulary
            var peak = -Double.infinity
            for v in 0..<vocabulary { peak = max(peak, Double(x[v])) }
            var total = 0.0
            for v in 0..<vocabulary { total += Foundation.exp(Double(x[v]) - peak) }
            let logTotal = peak + Foundation.log(total)
            for v in 0..<vocabulary { result[row * vocabulary + v] = Double(x[v]) - logTotal }
        }
        return result
    }
}
