import KDDistill
import KDTensor
import KDZoo
import XCTest

final class SequenceMetricsTests: XCTestCase {
    private func ids(_ text: String) -> [Int] { text.unicodeScalars.map { Int($0.value) } }

    func testEditDistanceOfKnownPairs() {
        XCTAssertEqual(EditDistance.between(ids("kitten"), ids("sitting")), 3)
        XCTAssertEqual(EditDistance.between(ids("sitting"), ids("kitten")), 3)
        XCTAssertEqual(EditDistance.between(ids("flaw"), ids("lawn")), 2)
        XCTAssertEqual(EditDistance.between(ids("intention"), ids("execution")), 5)
        XCTAssertEqual(EditDistance.between([], ids("abc")), 3)
        XCTAssertEqual(EditDistance.between(ids("abc"), []), 3)
        XCTAssertEqual(EditDistance.between([], []), 0)
        XCTAssertEqual(EditDistance.between(ids("same"), ids("same")), 0)
        XCTAssertEqual(EditDistance.between(ids("ab"), ids("ba")), 2, "a swap is two edits, not one")
    }

    /// Against a naive recursive definition on random short sequences.
    func testEditDistanceMatchesTheRecursiveDefinition() {
        func naive(_ a: ArraySlice<Int>, _ b: ArraySlice<Int>) -> Int {
            guard let x = a.first else { return b.count }
            guard let y = b.first else { return a.count }
            return min(naive(a.dropFirst(), b.dropFirst()) + (x == y ? 0 : 1),
                       naive(a.dropFirst(), b) + 1, naive(a, b.dropFirst()) + 1)
        }
        var generator = SeededGenerator(seed: 2)
        for _ in 0..<200 {
            let a = (0..<Int.random(in: 0...5, using: &generator)).map { _ in Int.random(in: 0..<3, using: &generator) }
            let b = (0..<Int.random(in: 0...5, using: &generator)).map { _ in Int.random(in: 0..<3, using: &generator) }
            XCTAssertEqual(EditDistance.between(a, b), naive(a[...], b[...]), "\(a) vs \(b)")
        }
    }

    func testSequenceAccuracyAndTokenErrorRate() {
        var accuracy = SequenceAccuracy()
        accuracy.add(predictions: [[5, 6, 7], [5, 6], [9, 9, 9, 9]], references: [[5, 6, 7], [5, 7], [9]])
        XCTAssertEqual(accuracy.sequenceAccuracy, 1.0 / 3, accuracy: 1e-12)
        // Edits 0 + 1 + 3 over 3 + 2 + 1 reference tokens: insertions can push the rate past 1 per sequence.
        XCTAssertEqual(accuracy.tokenErrorRate, 4.0 / 6, accuracy: 1e-12)
        XCTAssertEqual(SequenceAccuracy().tokenErrorRate, 0)
    }

    /// Per-step logits count each target token once; padding steps are not samples.
    func testTokenAccuracyOfPerStepLogitsSkipsPadding() {
        // Two sequences of three steps over 4 ids; arg-max ids: [3, 2, 1] and [3, 0, 0].
        let logits = Tensor(shape: [2, 3, 4], [0, 0, 0, 1, /**/ 0, 0, 1, 0, /**/ 0, 1, 0, 0,
                                               0, 0, 0, 1, /**/ 1, 0, 0, 0, /**/ 1, 0, 0, 0])
        var accuracy = ClassificationAccuracy(k: 1)
        accuracy.add(logits: logits, labels: [3, 2, 2, /**/ 3, 2, 0])
        XCTAssertEqual(accuracy.samples, 5)
        XCTAssertEqual(accuracy.top1Correct, 3)
    }
}
