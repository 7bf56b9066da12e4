import KDLayers
import KDTensor
import KDZoo

/// Relational knowledge distillation (Park et al., CVPR 2019), as RepDistiller's `RKDLoss`: the
/// student preserves the teacher's pairwise distances and triplet angles between the samples
/// of a batch,
///
///     loss = w_d · smoothL1(ψ_D(s), ψ_D(t)) + w_a · smoothL1(ψ_A(s), ψ_A(t)),  w_d = 25, w_a = 50,
///
/// where `ψ_D` is the Euclidean distance matrix divided by its mean off-diagonal entry and
/// `ψ_A(i, j, k)` the cosine of the angle at `e_i` between `e_j` and `e_k`. Method weight 1.
/// Default tap: the embeddings (their widths may differ).
public final class RelationalDistillation: TapPairedMethod {
    public let name = "rkd"
    public let weight: Float
    /// `w_d` (`--rkd-distance-weight`).
    public let distanceWeight: Float
    /// `w_a` (`--rkd-angle-weight`).
    public let angleWeight: Float
    public let pairedTaps: PairedTaps

    public init(weight: Float = 1, distanceWeight: Float = 25, angleWeight: Float = 50, taps: TapSelection = .embedding) {
        self.weight = weight
        self.distanceWeight = distanceWeight
        self.angleWeight = angleWeight
        self.pairedTaps = PairedTaps(taps)
    }


    public func loss(student: NetworkOutput, teacher: NetworkOutput, step: TrainingStep) -> Tensor {
        pairedTaps.sum(student: student, teacher: teacher, method: name) { student, teacher in
            let (s, t) = (FeatureAlignment.rows(student), FeatureAlignment.rows(teacher))
            var total = Tensor(0)
            if distanceWeight != 0 {
                let target = noGrad { Self.normalizedDistances(t) }
                total = total + smoothL1Loss(prediction: Self.normalizedDistances(s), target: target) * distanceWeight
            }
            if angleWeight != 0 {
                let target = noGrad { Self.angles(t) }
                total = total + smoothL1Loss(prediction: Self.angles(s), target: target) * angleWeight
            }
            return total
        }
    }

    /// `[N, N]`: Euclidean distances between rows, zero on the diagonal, divided by the mean
    /// off-diagonal distance.
    static func normalizedDistances(_ e: Tensor) -> Tensor {
        let n = e.shape[0]
        let squaredNorms = e.squared().sum(alongAxes: [1])
        let squared = squaredNorms.reshaped(to: [n, 1]) + squaredNorms.reshaped(to: [1, n])
            - 2 * e.matmul(e, transposeOther: true)
        // Clamping before the root keeps the gradient finite where two rows coincide.
        let distances = squared.clamped(min: 1e-12).sqrt() * offDiagonal(n)
        let mean = distances.sum() / Float(max(n * (n - 1), 1))
        return distances / mean
    }

    /// `[N, N, N]`: entry `(i, j, k)` is the cosine between `e_j − e_i` and `e_k − e_i`.
    static func angles(_ e: Tensor) -> Tensor {
        let (n, d) = (e.shape[0], e.shape[1])
        let differences = e.reshaped(to: [1, n, d]) - e.reshaped(to: [n, 1, d])
        let directions = FeatureAlignment.l2Normalized(differences)
        return directions.matmul(directions, transposeOther: true)
    }

    private static func offDiagonal(_ n: Int) -> Tensor {
        let mask = Tensor(shape: [n, n], repeating: 1)
        for i in 0..<n { mask.pointer[i * n + i] = 0 }
        return mask
    }
}
