import KDLayers
import KDTensor
import KDZoo

/// Word-level knowledge distillation of Kim and Rush (2016), "Sequence-Level Knowledge
/// Distillation": at every decoder step, both models teacher-forced on the same target prefix,
/// the student matches the teacher's distribution over the next token.
///
///     loss = T² · Σ_{n, t} KL(softmax(teacher_{n,t} / T) ‖ softmax(student_{n,t} / T)) / (target tokens)
///
/// over the steps that hold a target token (`</s>` included); padded steps are masked out. With
/// the objective's defaults the total is `(1 − α) · CE + α · loss`, α = 0.5, T = 1 (Kim & Rush
/// mix word-KD with the likelihood of the data at T = 1). After `seq-kd` the prefix is the
/// teacher's own beam output (their "Seq-KD + Word-KD").
public final class WordLevelDistillation: DistillationMethod {
    public let name = "word-kd"
    /// α, the weight of the per-step KL term.
    public let weight: Float
    public let temperature: Float
    public let teacherTaps = [TapName.logits]
    public var defaultCrossEntropyWeight: Float? { 1 - weight }

    public init(temperature: Float = 1, weight: Float = 0.5) {
        precondition(temperature > 0, "word-kd temperature must be positive, got \(temperature)")
        self.temperature = temperature
        self.weight = weight
    }

    public func prepare(student: NetworkOutput, teacher: NetworkOutput, setup: MethodSetup) throws {
        guard student.logits.rank == 3 else {
            throw TrainingError.invalidConfiguration(
                "method: word-kd distils sequence-to-sequence models (per-step logits [N, steps, vocabulary]); the student's logits are \(Shape.describe(student.logits.shape))")
        }
        guard teacher.logits.shape == student.logits.shape else {
            throw TrainingError.invalidConfiguration(
                "method: word-kd needs the teacher's per-step logits shaped like the student's, got \(Shape.describe(teacher.logits.shape)) and \(Shape.describe(student.logits.shape))")
        }
    }

    public func loss(student: NetworkOutput, teacher: NetworkOutput, step: TrainingStep) -> Tensor {
        let perStep = klDivergence(studentLogits: student.logits, teacherLogits: teacher.logits, temperature: temperature,
                                   reduction: .none)
        precondition(perStep.count == step.labels.count, "word-kd: \(step.labels.count) targets for \(perStep.count) decoder steps")
        let mask = Tensor(shape: perStep.shape, step.labels.map { $0 == SpecialToken.padding ? 0 : 1 })
        let tokens = step.labels.lazy.filter { $0 != SpecialToken.padding }.count
        return (perStep * mask).sum() * (temperature * temperature / Float(max(tokens, 1)))
    }
}
