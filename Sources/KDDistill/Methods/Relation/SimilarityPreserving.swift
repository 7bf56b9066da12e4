import KDLayers
import KDTensor
import KDZoo

/// Similarity-preserving distillation (Tung and Mori, ICCV 2019), as RepDistiller's `Similarity`:
/// the student matches the teacher's batch similarity structure. With `F` a tap flattened to
/// `[N, ·]`, `G = normalize_rows(F Fᵀ)` and
///
///     loss = Σ_pairs ‖G_t − G_s‖²_F / N²,   weight γ = 3000 (RepDistiller).
///
/// Only the `N x N` Gram matrices meet, so tap shapes may differ freely. Default tap: the last
/// stage of each network.
public final class SimilarityPreserving: TapPairedMethod {
    public let name = "sp"
    /// γ (`--sp-weight`).
    public let weight: Float
    public let pairedTaps: PairedTaps

    public init(weight: Float = 3000, taps: TapSelection = .lastStage) {
        self.weight = weight
        self.pairedTaps = PairedTaps(taps)
    }


    public func loss(student: NetworkOutput, teacher: NetworkOutput, step: TrainingStep) -> Tensor {
        pairedTaps.sum(student: student, teacher: teacher, method: name) { student, teacher in
            let target = noGrad { Self.similarity(teacher) }
            return (target - Self.similarity(student)).squared().mean()
        }
    }

    /// The row-normalised batch Gram matrix, `[N, N]`.
    static func similarity(_ features: Tensor) -> Tensor {
        let rows = FeatureAlignment.rows(features)
        return FeatureAlignment.l2Normalized(rows.matmul(rows, transposeOther: true))
    }
}
