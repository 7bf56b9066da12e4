import KDLayers
import KDTensor
import KDZoo

/// Attention transfer (Zagoruyko and Komodakis, "Paying More Attention to Attention", ICLR 2017),
/// activation-based, as RepDistiller's `Attention`: for each tap pair the student matches the
/// teacher's spatial attention map
///
///     a(f) = normalize(mean_c |f_c|^p),  flattened over H·W and L2-normalised per sample,
///     loss = Σ_pairs mean_{n, hw} (a(f_s) − a(f_t))²
///
/// with p = 2 and weight β = 1000 (RepDistiller's CIFAR setting). Channel counts may differ;
/// when spatial sizes differ the larger map is average-pooled to the smaller one. Default taps:
/// every pairable stage (the last `k` of each network).
public final class AttentionTransfer: SampleDecomposableMethod, TapPairedMethod {
    public let name = "at"
    /// β (`--at-weight`).
    public let weight: Float
    /// The exponent p of the attention map.
    public let exponent: Float
    public let pairedTaps: PairedTaps

    public init(weight: Float = 1000, exponent: Float = 2, taps: TapSelection = .allStages) {
        precondition(exponent > 0, "attention exponent must be positive, got \(exponent)")
        self.weight = weight
        self.exponent = exponent
        self.pairedTaps = PairedTaps(taps, requiresMaps: true)
    }


    public func sampleLosses(student: NetworkOutput, teacher: NetworkOutput, step: TrainingStep) -> Tensor {
        pairedTaps.sum(student: student, teacher: teacher, method: name) { student, teacher in
            let (s, t) = FeatureAlignment.spatiallyAligned(student, teacher)
            return (attentionMap(s) - attentionMap(t)).squared().mean(alongAxes: [1])
        }
    }

    /// `[N, H·W]`: the channel mean of `|f|^p`, L2-normalised per sample.
    func attentionMap(_ features: Tensor) -> Tensor {
        let powered = exponent == 2 ? features.squared() : features.abs().pow(exponent)
        let map = powered.mean(alongAxes: [1])
        return FeatureAlignment.l2Normalized(map.reshaped(to: [map.shape[0], map.count / map.shape[0]]))
    }
}
