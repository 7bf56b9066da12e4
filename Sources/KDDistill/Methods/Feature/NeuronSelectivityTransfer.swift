import KDLayers
import KDTensor
import KDZoo

/// Neuron selectivity transfer (Huang and Wang, "Like What You Like: Knowledge Distill via Neuron
/// Selectivity Transfer", 2017), as RepDistiller's `NSTLoss`: the squared maximum mean
/// discrepancy between the distributions of the student's and the teacher's channels, each
/// channel being its spatial map L2-normalised, under the polynomial kernel `k(x, y) = (xᵀy)²`:
///
///     MMD² = mean k(t, t') + mean k(s, s') − 2 mean k(s, t)
///
/// per sample, summed over tap pairs, weight 50 (RepDistiller). Channel counts may differ; the
/// larger map is average-pooled to the smaller spatial size. The loss is zero when the student's
/// and teacher's normalised channels coincide. Default taps: every pairable stage.
public final class NeuronSelectivityTransfer: SampleDecomposableMethod, TapPairedMethod {
    public let name = "nst"
    /// The weight (`--nst-weight`).
    public let weight: Float
    public let pairedTaps: PairedTaps

    public init(weight: Float = 50, taps: TapSelection = .allStages) {
        self.weight = weight
        self.pairedTaps = PairedTaps(taps, requiresMaps: true)
    }


    public func sampleLosses(student: NetworkOutput, teacher: NetworkOutput, step: TrainingStep) -> Tensor {
        pairedTaps.sum(student: student, teacher: teacher, method: name) { student, teacher in
            let (s, t) = FeatureAlignment.spatiallyAligned(student, teacher)
            let (studentChannels, teacherChannels) = (Self.channels(s), Self.channels(t))
            // The teacher-teacher term has no gradient; it makes the loss an MMD (zero at a match).
            let teacherTerm = noGrad { Self.meanKernel(teacherChannels, teacherChannels) }
            return teacherTerm + Self.meanKernel(studentChannels, studentChannels) - 2 * Self.meanKernel(studentChannels, teacherChannels)
        }
    }

    /// `[N, C, H·W]`: each channel's map, L2-normalised.
    static func channels(_ map: Tensor) -> Tensor {
        FeatureAlignment.l2Normalized(map.reshaped(to: [map.shape[0], map.shape[1], map.shape[2] * map.shape[3]]))
    }

    /// Per sample, the mean of `(aᵢᵀ bⱼ)²` over channel pairs: `[N]`.
    static func meanKernel(_ a: Tensor, _ b: Tensor) -> Tensor {
        a.matmul(b, transposeOther: true).squared().mean(alongAxes: [1, 2])
    }
}
