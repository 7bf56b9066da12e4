/// How well a trained network does on a split, in the terms its task is judged by.
///
/// For classifiers, ``accuracy`` is top-1 accuracy and ``top5`` top-5 accuracy. For
/// sequence-to-sequence models, ``accuracy`` is the **sequence accuracy** (the share of outputs
/// decoded exactly: word accuracy for grapheme-to-phoneme), ``top5`` is `nil` and
/// ``tokenErrorRate`` holds the token error rate. Reports and the distillation metric use
/// ``accuracy`` for both, so a sequence model's "top-1" is its sequence accuracy.
public struct EvaluationScore: Equatable, Sendable {
    public var accuracy: Double
    public var top5: Double?
    public var tokenErrorRate: Double?
    /// The number of samples evaluated.
    public var samples: Int

    public init(accuracy: Double, top5: Double? = nil, tokenErrorRate: Double? = nil, samples: Int) {
        self.accuracy = accuracy
        self.top5 = top5
        self.tokenErrorRate = tokenErrorRate
        self.samples = samples
    }
}
