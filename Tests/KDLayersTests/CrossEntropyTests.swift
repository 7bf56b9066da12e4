import Foundation
import KDLayers
import KDTensor
import KDTestSupport
import XCTest

final class CrossEntropyTests: XCTestCase {
    private let logits = Tensor(shape: [3, 4], [1, 2, 3, -1, 0.5, 0.5, -1, 2, -2, 0, 1, 0.25])
    private let labels = [2, 0, 3]

    /// Per-sample PyTorch cross-entropy with label smoothing, in Double.
    private func reference(_ row: Int, smoothing: Double) -> Double {
        let x = (0..<4).map { Double(logits[row, $0]) }
        let logTotal = log(x.map(exp).reduce(0, +))
        let logP = x.map { $0 - logTotal }
        return -(1 - smoothing) * logP[labels[row]] - smoothing / 4 * logP.reduce(0, +)
    }

    func testHandComputedValueWithLabelSmoothing() {
        // p = [0.25, 0.75]: -(0.8) log 0.75 - 0.1 (log 0.25 + log 0.75)
        let loss = crossEntropy(logits: Tensor(shape: [1, 2], [0, log(3)]), labels: [1], labelSmoothing: 0.2)
        XCTAssertEqual(loss.item, 0.397_543, accuracy: 1e-5)
    }

    func testMatchesReferenceForEachReduction() {
        for smoothing in [0.0, 0.1] {
            let perSample = crossEntropy(logits: logits, labels: labels, labelSmoothing: Float(smoothing), reduction: .none)
            let expected = (0..<3).map { reference($0, smoothing: smoothing) }
            XCTAssertClose(perSample, Tensor(shape: [3], expected.map(Float.init)), tolerance: 1e-5)
            let mean = crossEntropy(logits: logits, labels: labels, labelSmoothing: Float(smoothing))
            XCTAssertEqual(Double(mean.item), expected.reduce(0, +) / 3, accuracy: 1e-5)
            let sum = crossEntropy(logits: logits, labels: labels, labelSmoothing: Float(smoothing), reduction: .sum)
            XCTAssertEqual(Double(sum.item), expected.reduce(0, +), accuracy: 1e-5)
        }
    }

    func testIgnoredSamplesAreLeftOutOfTheMean() {
        let loss = crossEntropy(logits: logits, labels: [2, -100, 3], ignoreIndex: -100)
        XCTAssertEqual(Double(loss.item), (reference(0, smoothing: 0) + reference(2, smoothing: 0)) / 2, accuracy: 1e-5)
        XCTAssertGradientsMatch(at: [logits.copy()]) { inputs in
            crossEntropy(logits: inputs[0], labels: [2, -100, 3], ignoreIndex: -100)
        }
    }

    func testGradientsMatchFiniteDifferences() {
        for reduction in [Reduction.mean, .sum, .none] {
            XCTAssertGradientsMatch(at: [logits.copy()]) { inputs in
                crossEntropy(logits: inputs[0], labels: labels, labelSmoothing: 0.1, reduction: reduction)
            }
        }
    }

    func testNLLOfLogSoftmaxEqualsCrossEntropy() {
        let nll = nllLoss(logProbabilities: logits.logSoftmax(alongAxis: 1), labels: labels)
        XCTAssertEqual(nll.item, crossEntropy(logits: logits, labels: labels).item, accuracy: 1e-6)
        let ignoring = nllLoss(logProbabilities: logits.logSoftmax(alongAxis: 1), labels: [2, -100, 3], ignoreIndex: -100,
                               reduction: .none)
        XCTAssertEqual(ignoring.scalars[1], 0)
        XCTAssertEqual(Double(ignoring.scalars[2]), reference(2, smoothing: 0), accuracy: 1e-5)
        XCTAssertGradientsMatch(at: [logits.copy()]) { inputs in
            nllLoss(logProbabilities: inputs[0], labels: [2, -100, 3], ignoreIndex: -100)
        }
    }
}
