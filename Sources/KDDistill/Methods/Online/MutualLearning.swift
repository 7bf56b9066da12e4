import KDLayers
import KDTensor
import KDZoo

/// Deep mutual learning (Zhang et al., CVPR 2018): two or more students train together from
/// scratch, each on the labels plus the mean KL divergence from its peers' predictions,
///
///     loss_i = CE(s_i, y) + 1/(K − 1) · Σ_{j ≠ i} KL(p_j ‖ p_i),
///
/// at temperature 1 (the paper's; `--temperature` changes it, with the usual `T²` factor). No
/// pretrained teacher: the peers' outputs of the same batch, computed before any of them
/// steps, are the targets, detached. Weight 1, cross-entropy weight 1.
public final class MutualLearning: SampleDecomposableMethod {
    public let name = "dml"
    public let weight: Float
    public let temperature: Float
    public let teacherTaps: [String] = []
    public let knowledgeSource = KnowledgeSource.peers

    public init(weight: Float = 1, temperature: Float = 1) {
        precondition(temperature > 0, "mutual learning temperature must be positive, got \(temperature)")
        self.weight = weight
        self.temperature = temperature
    }

    public func sampleLosses(student: NetworkOutput, teacher peer: NetworkOutput, step: TrainingStep) -> Tensor {
        klDivergence(studentLogits: student.logits, teacherLogits: peer.logits, temperature: temperature, reduction: .none)
            * (temperature * temperature)
    }
}
