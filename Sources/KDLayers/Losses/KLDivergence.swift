import KDTensor

/// Hinton's distillation term: `KL(softmax(teacher / T) ‖ softmax(student / T))` over the last
/// axis, as PyTorch's `F.kl_div(log_softmax(s / T), softmax(t / T), reduction='batchmean')`.
///
/// Any leading axes count as the batch (`[N, C]`, or `[N, L, C]` for per-token distillation);
/// `.mean` divides the total by the number of distributions ("batchmean"), `.none` returns
/// one value per distribution. The `T²` factor that keeps gradient magnitudes comparable
/// across temperatures is NOT applied here: the KD method multiplies by it.
/// Gradients flow to the teacher as well when its logits require them (mutual learning).
public func klDivergence(studentLogits: Tensor, teacherLogits: Tensor, temperature: Float = 1,
                         reduction: Reduction = .mean) -> Tensor {
    precondition(studentLogits.shape == teacherLogits.shape,
                 "klDivergence: student \(Shape.describe(studentLogits.shape)) and teacher \(Shape.describe(teacherLogits.shape)) differ")
    precondition(temperature > 0, "klDivergence: temperature \(temperature) must be positive")
    let studentLog = (studentLogits / temperature).logSoftmax(alongAxis: -1)
    let teacherLog = (teacherLogits / temperature).logSoftmax(alongAxis: -1)
    let perDistribution = (teacherLog.exp() * (teacherLog - studentLog)).sum(alongAxes: [-1])
    return reduction.apply(to: perDistribution)
}
