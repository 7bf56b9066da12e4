import Foundation
import KDTensor

/// Cross-entropy between `logits` `[N, C]` and integer `labels` (`N` of them, in `0..<C`),
/// with PyTorch's `F.cross_entropy` semantics.
///
/// With label smoothing `ε` the target is `(1 - ε)` on the label plus `ε / C` on every class:
/// `loss = -(1 - ε) · log p[label] - ε / C · Σ_c log p[c]`. Samples whose label equals
/// `ignoreIndex` contribute nothing, and `.mean` averages over the remaining samples.
/// One fused op: the gradient is `softmax - target`, computed without the intermediate graph.
public func crossEntropy(logits: Tensor, labels: [Int], labelSmoothing: Float = 0, ignoreIndex: Int? = nil,
                         reduction: Reduction = .mean) -> Tensor {
    precondition(logits.rank == 2, "crossEntropy: logits must be [N, C], got \(Shape.describe(logits.shape))")
    let (rows, classes) = (logits.shape[0], logits.shape[1])
    precondition(labels.count == rows, "crossEntropy: \(labels.count) labels for \(rows) rows of logits")
    precondition((0...1).contains(labelSmoothing), "crossEntropy: label smoothing \(labelSmoothing) outside [0, 1]")
    let ignored = labels.map { $0 == ignoreIndex }
    for (label, isIgnored) in zip(labels, ignored) where !isIgnored {
        precondition((0..<classes).contains(label), "crossEntropy: label \(label) outside 0..<\(classes)")
    }

    let onLabel = 1 - labelSmoothing, spread = labelSmoothing / Float(classes)
    let probabilities = Tensor(uninitializedShape: logits.shape)
    let losses = Tensor(uninitializedShape: [rows])
    for row in 0..<rows {
        let x = logits.pointer + row * classes, p = probabilities.pointer + row * classes
        var peak = -Float.infinity
        for c in 0..<classes { peak = max(peak, x[c]) }
        var total: Float = 0
        for c in 0..<classes { total += exp(x[c] - peak) }
        let logTotal = peak + log(total)
        var sumLogP: Float = 0
        for c in 0..<classes {
            sumLogP += x[c] - logTotal
            p[c] = exp(x[c] - logTotal)
        }
        losses.pointer[row] = ignored[row] ? 0 : -onLabel * (x[labels[row]] - logTotal) - spread * sumLogP
    }

    let perSample = losses.recorded("crossEntropy", inputs: [logits]) { g in
        let gradient = Tensor(uninitializedShape: logits.shape)
        for row in 0..<rows {
            let d = gradient.pointer + row * classes, p = probabilities.pointer + row * classes
            guard !ignored[row] else {
                d.update(repeating: 0, count: classes)
                continue
            }
            let scale = g.pointer[row]
            for c in 0..<classes { d[c] = scale * (p[c] - spread) }
            d[labels[row]] -= scale * onLabel
        }
        return [gradient]
    }
    return reduction.apply(to: perSample, divisor: ignored.lazy.filter { !$0 }.count)
}
