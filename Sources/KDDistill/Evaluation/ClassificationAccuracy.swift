import KDTensor
import KDZoo

/// Running top-1 and top-k accuracy over batches of logits.
public struct ClassificationAccuracy: Sendable {
    /// The `k` of the top-k figure (5 by default; reported when classes > 10).
    public let k: Int
    public private(set) var samples = 0
    public private(set) var top1Correct = 0
    public private(set) var topKCorrect = 0

    public init(k: Int = 5) {
        self.k = k
    }

    /// Counts a batch: `logits` is `[N, classes]` with N labels, or per-step logits
    /// `[N, steps, vocabulary]` with `N · steps` decoder targets, where every target token but
    /// padding counts as one sample (teacher-forced token accuracy).
    public mutating func add(logits: Tensor, labels: [Int]) {
        precondition((logits.rank == 2 || logits.rank == 3) && logits.count / logits.shape[logits.rank - 1] == labels.count,
                     "accuracy needs [N, classes] or [N, steps, classes] logits for \(labels.count) labels, got \(Shape.describe(logits.shape))")
        let classes = logits.shape[logits.rank - 1]
        let perStep = logits.rank == 3
        for (row, label) in labels.enumerated() where !(perStep && label == SpecialToken.padding) {
            let scores = logits.pointer + row * classes
            let target = scores[label]
            // Rank of the label: how many classes score strictly higher (ties favour the label).
            var higher = 0
            for c in 0..<classes where scores[c] > target { higher += 1 }
            if higher == 0 { top1Correct += 1 }
            if higher < k { topKCorrect += 1 }
            samples += 1
        }
    }

    /// Top-1 accuracy in `[0, 1]` (0 when nothing was counted).
    public var top1: Double { samples > 0 ? Double(top1Correct) / Double(samples) : 0 }
    /// Top-k accuracy in `[0, 1]`.
    public var topK: Double { samples > 0 ? Double(topKCorrect) / Double(samples) : 0 }
}
