import KDTensor
import KDZoo

/// How a student weighs several teachers' losses (`--teacher-weighting`, `--teacher-weights`).
///
/// Each method's part is `Σ_k w_k · loss_k` over the teachers. For Hinton KD that has the
/// gradient of the KL to the weighted average of the teachers' soft targets.
public enum TeacherWeighting: Equatable, Sendable {
    /// Every teacher weighs `1 / K`: averaged soft targets.
    case uniform
    /// Fixed weights, one per teacher, normalised to sum to 1.
    case fixed([Float])
    /// Per sample, each teacher weighs by its confidence in the true label:
    /// `w_k(n) = p_k(y_n | x_n) / Σ_j p_j(y_n | x_n)`, with `p_k` the teacher's softmax at T = 1.
    /// Methods whose loss is not a per-sample mean (SP, RKD, PKT, CRD) use the batch mean of
    /// these weights.
    case confidence

    /// Throws unless the weighting fits `teacherCount` teachers; the message names the flag.
    public func validate(teacherCount: Int) throws {
        guard case .fixed(let weights) = self else { return }
        guard weights.count == teacherCount else {
            throw TrainingError.invalidConfiguration("teacher-weights: \(weights.count) weights for \(teacherCount) teachers")
        }
        guard weights.allSatisfy({ $0 >= 0 && $0.isFinite }), weights.reduce(0, +) > 0 else {
            throw TrainingError.invalidConfiguration("teacher-weights: weights must be non-negative and not all zero, got \(weights)")
        }
    }

    /// The weight of each teacher's loss for one batch, given the teachers' outputs.
    public func weights(for teachers: [NetworkOutput], labels: [Int]) -> [SampleWeights] {
        switch self {
        case .uniform:
            return teachers.map { _ in .constant(1 / Float(teachers.count)) }
        case .fixed(let weights):
            let total = weights.reduce(0, +)
            return weights.map { .constant($0 / total) }
        case .confidence:
            let confidences = teachers.map { teacher in
                noGrad { teacher.logits.softmax(alongAxis: -1).gather(labels, alongAxis: 1) }
            }
            var totals = [Float](repeating: 0, count: labels.count)
            for confidence in confidences {
                for n in labels.indices { totals[n] += confidence.pointer[n] }
            }
            return confidences.map { confidence in
                .perSample(Tensor(shape: [labels.count], labels.indices.map { n in
                    // When every teacher gives the label zero probability, fall back to equal weights.
                    totals[n] > 0 ? confidence.pointer[n] / totals[n] : 1 / Float(teachers.count)
                }))
            }
        }
    }
}
