/// The distillation metric of Alkhulaifi, Alsahli and Ahmad (2021), "Knowledge distillation
/// in deep learning and its applications", which weighs how much smaller a student is
/// against how much accuracy it keeps:
///
///     DS = α · (size_student / size_teacher) + (1 − α) · (1 − acc_student / acc_teacher)
///
/// Lower is better: 0 would be a free student with the teacher's accuracy.
public struct DistillationMetric: Codable, Equatable, Sendable {
    /// The weight of size against accuracy, in `[0, 1]` (`--metric-alpha`, 0.5 by default).
    public var alpha: Double

    public init(alpha: Double = 0.5) {
        precondition((0...1).contains(alpha), "metric alpha \(alpha) is outside [0, 1]")
        self.alpha = alpha
    }

    /// The score of a student against its teacher; sizes in any one unit (parameters or bytes),
    /// accuracies as fractions or percentages (only their ratio matters).
    public func score(studentSize: Double, teacherSize: Double,
                      studentAccuracy: Double, teacherAccuracy: Double) -> Double {
        let sizeRatio = teacherSize > 0 ? studentSize / teacherSize : 1
        let accuracyRatio = teacherAccuracy > 0 ? studentAccuracy / teacherAccuracy : 0
        return alpha * sizeRatio + (1 - alpha) * (1 - accuracyRatio)
    }
}
