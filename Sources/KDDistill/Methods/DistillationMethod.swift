import KDLayers
import KDTensor
import KDZoo

/// A way of transferring knowledge from a teacher's outputs to a student's: a loss over
/// (student output and taps, teacher output and taps, labels), plus any learnable parts of
/// its own (e.g. FitNet's regressor) that train with the student.
///
/// Methods are combined by ``DistillationObjective``, which adds each method's loss times
/// its ``weight`` to the weighted cross-entropy on the labels.
public protocol DistillationMethod: AnyObject {
    /// The name used by `--method` and in reports, e.g. `kd`, `fitnet`, `at`.
    var name: String { get }
    /// The weight of this method's loss in the total.
    var weight: Float { get }
    /// Learnable parts that train with the student, or `nil`. Built by ``prepare(student:teacher:)``.
    var learnableModule: Module? { get }
    /// The teacher taps the loss reads (the logits tap included when needed), so the trainer
    /// knows what to cache.
    var teacherTaps: [String] { get }
    /// Builds any learnable parts from the shapes of one batch's outputs. Called once, before
    /// the optimiser is created.
    func prepare(student: NetworkOutput, teacher: NetworkOutput) throws
    /// The unweighted loss for one batch, a scalar.
    func loss(student: NetworkOutput, teacher: NetworkOutput, labels: [Int]) -> Tensor
}

extension DistillationMethod {
    public var learnableModule: Module? { nil }
    public func prepare(student: NetworkOutput, teacher: NetworkOutput) throws {}
}
