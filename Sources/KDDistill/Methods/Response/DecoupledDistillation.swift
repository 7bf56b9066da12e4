import Foundation
import KDLayers
import KDTensor
import KDZoo

/// Decoupled knowledge distillation (Zhao et al., CVPR 2022), as mdistiller's `DKD`: Hinton's
/// KL split into a target-class part and a non-target part, re-weighted,
///
///     loss = w(epoch) · (α · TCKD + β · NCKD),  α = 1, β = 8, T = 4,
///
/// where TCKD is `T²·KL` between the binary distributions (target, all others) of teacher and
/// student at temperature T, NCKD is `T²·KL` between their distributions over the non-target
/// classes alone, and `w` ramps linearly to 1 over the warm-up (mdistiller's 20 of 240 epochs;
/// by default the same twelfth of the run, `--dkd-warmup` sets it in epochs), step by step:
/// mdistiller ramps once per epoch, which in a run of five epochs is no warm-up at all (and
/// MobileNetV2-0.5 collapsed to chance under the full β·T² = 128 non-target term from the
/// first step). Hinton's loss is
/// `TCKD + (1 − p_target) · NCKD`; DKD lets the non-target term weigh more. Cross-entropy
/// weight 1.
public final class DecoupledDistillation: SampleDecomposableMethod {
    public let name = "dkd"
    public let weight: Float
    /// α, the target-class term's weight (`--dkd-alpha`).
    public let targetWeight: Float
    /// β, the non-target term's weight (`--dkd-beta`).
    public let nonTargetWeight: Float
    /// T (`--temperature`).
    public let temperature: Float
    /// Warm-up epochs, or `nil` for a twelfth of the run.
    public let warmupEpochs: Int?
    public let teacherTaps = [TapName.logits]

    public init(weight: Float = 1, targetWeight: Float = 1, nonTargetWeight: Float = 8, temperature: Float = 4,
                warmupEpochs: Int? = nil) {
        precondition(temperature > 0, "DKD temperature must be positive, got \(temperature)")
        self.weight = weight
        self.targetWeight = targetWeight
        self.nonTargetWeight = nonTargetWeight
        self.temperature = temperature
        self.warmupEpochs = warmupEpochs
    }

    /// `w` after `step`: the epochs completed over the warm-up's length, at most 1.
    public func warmup(after step: TrainingStep) -> Float {
        let length = warmupEpochs.map(Double.init) ?? Double(step.epochs) * 20 / 240
        return length > 0 ? Float(min(step.epochsCompleted / length, 1)) : 1
    }

    public func sampleLosses(student: NetworkOutput, teacher: NetworkOutput, step: TrainingStep) -> Tensor {
        let t = temperature
        let target = Tensor.zeros(student.logits.shape)
        let classes = student.logits.shape[1]
        for (n, label) in step.labels.enumerated() { target.pointer[n * classes + label] = 1 }
        var losses = Tensor.zeros([step.labels.count])
        if targetWeight != 0 {
            losses = losses + targetClassDivergence(student.logits, teacher.logits, target: target) * (targetWeight * t * t)
        }
        if nonTargetWeight != 0 {
            // A large negative shift removes the target class from both softmaxes.
            let mask = target * (1000 * t)
            losses = losses + klDivergence(studentLogits: student.logits - mask, teacherLogits: teacher.logits - mask,
                                           temperature: t, reduction: .none) * (nonTargetWeight * t * t)
        }
        return losses * warmup(after: step)
    }

    /// `KL(b_t ‖ b_s)` per sample, `b = (p_target, 1 − p_target)` at temperature T.
    func targetClassDivergence(_ student: Tensor, _ teacher: Tensor, target: Tensor) -> Tensor {
        func binary(_ logits: Tensor) -> (Tensor, Tensor) {
            let p = (logits / temperature).softmax(alongAxis: -1)
            return ((p * target).sum(alongAxes: [1]), (p * (1 - target)).sum(alongAxes: [1]))
        }
        let (studentTarget, studentOther) = binary(student)
        let (teacherTarget, teacherOther) = noGrad { binary(teacher) }
        // Σ b_t log b_t is a constant; x log x is taken as 0 at x = 0.
        let teacherEntropyTerm = noGrad {
            Tensor.zipElements(teacherTarget, teacherOther) { a, b in (a > 0 ? a * log(a) : 0) + (b > 0 ? b * log(b) : 0) }
        }
        let floor = Float.leastNormalMagnitude
        return teacherEntropyTerm - teacherTarget * studentTarget.clamped(min: floor).log()
            - teacherOther * studentOther.clamped(min: floor).log()
    }
}
