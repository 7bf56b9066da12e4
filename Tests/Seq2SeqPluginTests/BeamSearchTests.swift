import Foundation
import KDTensor
import KDZoo
import Seq2SeqPlugin
import XCTest

/// A hand-built model: the next token's logits depend only on the previous token.
struct BigramDecoder: IncrementalDecoder {
    /// `logits[previous][next]`.
    let logits: [[Float]]

    /// Logits from probabilities over `<pad> <s> </s> a b ...`; `<pad>` and `<s>` get almost none.
    init(probabilities: [[Double]]) {
        logits = probabilities.map { row in row.map { Float(Foundation.log(max($0, 1e-12))) } }
    }

    init(logits: [[Float]]) {
        self.logits = logits
    }

    func step(_ tokens: [Int], state: [Int]) -> (logits: Tensor, state: [Int]) {
        (Tensor(shape: [tokens.count, logits[0].count], tokens.flatMap { logits[$0] }), tokens)
    }

    func reorder(_ state: [Int], rows: [Int]) -> [Int] { rows.map { state[$0] } }

    /// The log-probability of emitting `tokens` (then `</s>` unless `truncated`).
    func score(_ tokens: [Int], truncated: Bool) -> Double {
        var previous = SpecialToken.start, total = 0.0
        for token in tokens + (truncated ? [] : [SpecialToken.end]) {
            let row = logits[previous].map(Double.init)
            let peak = row.max()!
            total += row[token] - peak - Foundation.log(row.reduce(0) { $0 + Foundation.exp($1 - peak) })
            previous = token
        }
        return total
    }
}

final class BeamSearchTests: XCTestCase {
    private let (a, b) = (3, 4)

    /// Greedy takes `a` (0.6) and then wanders; the most likely sequence is `b </s>` (0.4 · 0.9).
    func testFindsTheMostLikelySequenceWhereGreedyFails() {
        //                        <pad>  <s>  </s>    a     b
        let decoder = BigramDecoder(probabilities: [
            [0, 0, 1, 0, 0],                  // after <pad> (unused)
            [0, 0, 0, 0.6, 0.4],              // after <s>
            [0, 0, 1, 0, 0],                  // after </s> (unused)
            [0, 0, 0.33, 0.34, 0.33],         // after a
            [0, 0, 0.9, 0.05, 0.05],          // after b
        ])
        XCTAssertEqual(GreedySearch.run(decoder, initial: [SpecialToken.start], rows: 1, maxLength: 4), [[a, a, a, a]])
        XCTAssertEqual(BeamSearch(width: 2, maxLength: 4).run(decoder, initial: [SpecialToken.start], sources: 1), [[b]])
    }

    /// With a beam wider than every candidate of every step, beam search is exhaustive: it must
    /// return the best of all sequences up to the length limit, found by enumeration.
    func testMatchesExhaustiveSearchOnRandomModels() {
        var generator = SeededGenerator(seed: 9)
        for trial in 0..<20 {
            let decoder = BigramDecoder(logits: (0..<5).map { _ in
                [-30, -30] + (0..<3).map { _ in generator.nextNormal() * 2 }
            })
            var best: (tokens: [Int], score: Double) = ([], -.infinity)
            for length in 0...4 {
                for code in 0..<(1 << length) {
                    let tokens = (0..<length).map { (code >> $0) & 1 == 1 ? b : a }
                    let score = decoder.score(tokens, truncated: length == 4)
                    if score > best.score { best = (tokens, score) }
                }
            }
            let found = BeamSearch(width: 32, maxLength: 4).run(decoder, initial: [SpecialToken.start], sources: 1)[0]
            XCTAssertEqual(found, best.tokens, "trial \(trial)")
        }
    }

    func testWidthOneIsGreedyOnRandomModels() {
        var generator = SeededGenerator(seed: 10)
        for trial in 0..<50 {
            let decoder = BigramDecoder(logits: (0..<6).map { _ in (0..<6).map { _ in generator.nextNormal() * 2 } })
            let starts = [SpecialToken.start, SpecialToken.start, SpecialToken.start]
            XCTAssertEqual(BeamSearch(width: 1, maxLength: 5).run(decoder, initial: starts, sources: 3),
                           GreedySearch.run(decoder, initial: starts, rows: 3, maxLength: 5), "trial \(trial)")
        }
    }

    func testNeverEmitsPaddingOrStart() {
        // <pad> and <s> are the most likely tokens everywhere; neither may appear.
        let decoder = BigramDecoder(logits: (0..<5).map { _ in [5, 4, 0, 1, -1] })
        XCTAssertEqual(GreedySearch.run(decoder, initial: [SpecialToken.start], rows: 1, maxLength: 3), [[a, a, a]])
        // One step: `a` (logit 1) beats stopping at once (`</s>`, logit 0).
        XCTAssertEqual(BeamSearch(width: 3, maxLength: 1).run(decoder, initial: [SpecialToken.start], sources: 1), [[a]])
    }
}
