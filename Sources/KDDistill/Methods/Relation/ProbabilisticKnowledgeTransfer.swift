import KDLayers
import KDTensor
import KDZoo

/// Probabilistic knowledge transfer (Passalis and Tefas, ECCV 2018), as RepDistiller's `PKT`:
/// the cosine similarities between the samples of a batch, mapped to `[0, 1]` and normalised
/// per row into conditional probabilities `P(j | i)`, are matched by the KL divergence
///
///     loss = mean_{i,j} p_t(j|i) · log((p_t(j|i) + ε) / (p_s(j|i) + ε)),  ε = 1e-7,
///
/// weight 30000 (RepDistiller). Default tap: the embeddings (their widths may differ).
public final class ProbabilisticKnowledgeTransfer: TapPairedMethod {
    public let name = "pkt"
    /// The weight (`--pkt-weight`).
    public let weight: Float
    public let pairedTaps: PairedTaps
    static let epsilon: Float = 1e-7

    public init(weight: Float = 30000, taps: TapSelection = .embedding) {
        self.weight = weight
        self.pairedTaps = PairedTaps(taps)
    }


    public func loss(student: NetworkOutput, teacher: NetworkOutput, step: TrainingStep) -> Tensor {
        pairedTaps.sum(student: student, teacher: teacher, method: name) { student, teacher in
            let s = Self.conditionalProbabilities(FeatureAlignment.rows(student))
            let t = noGrad { Self.conditionalProbabilities(FeatureAlignment.rows(teacher)) }
            let logRatio = noGrad { (t + Self.epsilon).log() } - (s + Self.epsilon).log()
            return (t * logRatio).mean()
        }
    }

    /// `[N, N]`: `(cos(x_i, x_j) + 1) / 2`, each row divided by its sum.
    static func conditionalProbabilities(_ x: Tensor) -> Tensor {
        let unit = FeatureAlignment.l2Normalized(x, epsilon: epsilon)
        let similarity = (unit.matmul(unit, transposeOther: true) + 1) * 0.5
        return similarity / similarity.sum(alongAxes: [1], keepingDims: true)
    }
}
