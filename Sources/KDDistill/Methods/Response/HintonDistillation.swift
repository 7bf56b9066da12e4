import KDLayers
import KDTensor
import KDZoo

/// Knowledge distillation of Hinton, Vinyals and Dean (2015): the student matches the teacher's
/// softened class probabilities.
///
///     loss = T² · KL(softmax(teacher / T) ‖ softmax(student / T))
///
/// averaged over the batch. The `T²` factor keeps the soft-target gradients at the scale of
/// the hard-label ones as `T` changes. With the objective's defaults the total is
/// `α · T² · KL + (1 − α) · CE`, α = 0.9, T = 4.
///
/// With several teachers weighted `w_k` the weighted sum of the KL terms has the gradient of the
/// KL to the weighted average of their soft targets (the teachers' entropies are constants), so
/// this is the usual "averaged soft targets" ensemble distillation.
public final class HintonDistillation: SampleDecomposableMethod {
    public let name = "kd"
    /// α, the weight of the soft-target term (`--alpha`).
    public let weight: Float
    /// The softmax temperature (`--temperature`).
    public let temperature: Float
    public let teacherTaps = [TapName.logits]
    public var defaultCrossEntropyWeight: Float? { 1 - weight }

    public init(temperature: Float = 4, weight: Float = 0.9) {
        precondition(temperature > 0, "KD temperature must be positive, got \(temperature)")
        self.temperature = temperature
        self.weight = weight
    }

    public func sampleLosses(student: NetworkOutput, teacher: NetworkOutput, step: TrainingStep) -> Tensor {
        klDivergence(studentLogits: student.logits, teacherLogits: teacher.logits, temperature: temperature, reduction: .none)
            * (temperature * temperature)
    }
}
