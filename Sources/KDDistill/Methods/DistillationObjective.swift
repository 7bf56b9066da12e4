import KDLayers
import KDTensor
import KDZoo

/// The total training loss of one student: a weighted cross-entropy on the labels plus each
/// distillation method's weighted loss, with every part kept by name for progress and logs.
///
/// A student trained without a teacher (the baseline) has no methods and cross-entropy weight 1.
public struct DistillationObjective {
    public let methods: [DistillationMethod]
    /// γ, the weight of the hard-label cross-entropy.
    public let crossEntropyWeight: Float
    /// Label smoothing of the cross-entropy term.
    public let labelSmoothing: Float

    /// An objective; `crossEntropyWeight` defaults to `1 − α` when Hinton KD is among the
    /// methods (Hinton's `α·KD + (1 − α)·CE`) and to 1 otherwise (FitNet, AT, ... add their
    /// terms to the plain classification loss, as RepDistiller does).
    public init(methods: [DistillationMethod], crossEntropyWeight: Float? = nil, labelSmoothing: Float = 0) {
        self.methods = methods
        self.crossEntropyWeight = crossEntropyWeight
            ?? (methods.first { $0 is HintonDistillation }).map { 1 - $0.weight } ?? 1
        self.labelSmoothing = labelSmoothing
    }

    /// The objective of a student trained on labels alone.
    public static let labelsOnly = DistillationObjective(methods: [])

    /// The teacher taps any method reads.
    public var teacherTaps: Set<String> { Set(methods.flatMap(\.teacherTaps)) }

    /// The weighted parts, `ce` first then each method by name, for one batch. The teacher is
    /// required when there are methods.
    public func parts(student: NetworkOutput, teacher: NetworkOutput?, labels: [Int]) -> [(name: String, value: Tensor)] {
        var parts: [(String, Tensor)] = []
        if crossEntropyWeight != 0 {
            parts.append(("ce", crossEntropy(logits: student.logits, labels: labels, labelSmoothing: labelSmoothing)
                * crossEntropyWeight))
        }
        if !methods.isEmpty {
            guard let teacher else { preconditionFailure("distillation methods need teacher outputs") }
            for method in methods {
                parts.append((method.name, method.loss(student: student, teacher: teacher, labels: labels) * method.weight))
            }
        }
        return parts
    }
}
