import Foundation

/// The end-of-run report in the terms the KD survey literature uses: teacher, student and
/// baseline accuracy, accuracy lost against the teacher, gained against the baseline, size
/// reduction and the distillation metric (``DistillationMetric``).
public struct DistillationReport: Codable, Equatable, Sendable {
    /// One distilled student, with the independently trained student it is compared with.
    public struct StudentResult: Codable, Equatable, Sendable {
        public var student: ModelSummary
        /// The same architecture trained without a teacher, when one was trained or supplied.
        public var baseline: ModelSummary?
        /// Teacher top-1 minus student top-1, in percentage points (positive = accuracy lost);
        /// `nil` without a teacher (mutual learning, ONE), as are the two below.
        public var accuracyLostVsTeacher: Double?
        /// Student top-1 minus baseline top-1, in percentage points (positive = KD helped).
        public var accuracyGainedVsBaseline: Double?
        /// `1 - student parameters / teacher parameters`, in percent.
        public var sizeReduction: Double?
        /// The distillation metric (lower is better).
        public var distillationMetric: Double?
    }

    /// The dataset file or name the accuracies were measured on.
    public var dataset: String
    /// The method, e.g. `kd` or `kd+at`.
    public var method: String
    public var teachers: [ModelSummary]
    public var students: [StudentResult]
    /// The α of the distillation metric.
    public var metricAlpha: Double
    public var epochs: Int
    public var seed: UInt64

    /// Builds a report, deriving every comparison. Students are compared with the most
    /// accurate teacher (the one a user would otherwise deploy).
    public init(dataset: String, method: String, teachers: [ModelSummary],
                students: [(student: ModelSummary, baseline: ModelSummary?)],
                metric: DistillationMetric, epochs: Int, seed: UInt64) {
        self.dataset = dataset
        self.method = method
        self.teachers = teachers
        self.metricAlpha = metric.alpha
        self.epochs = epochs
        self.seed = seed
        let reference = teachers.max { $0.top1 < $1.top1 }
        self.students = students.map { student, baseline in
            StudentResult(
                student: student,
                baseline: baseline,
                accuracyLostVsTeacher: reference.map { 100 * ($0.top1 - student.top1) },
                accuracyGainedVsBaseline: baseline.map { 100 * (student.top1 - $0.top1) },
                sizeReduction: reference.flatMap { teacher in
                    teacher.parameters > 0 ? 100 * (1 - Double(student.parameters) / Double(teacher.parameters)) : nil
                },
                distillationMetric: reference.map { teacher in
                    metric.score(studentSize: Double(student.parameters), teacherSize: Double(teacher.parameters),
                                 studentAccuracy: student.top1, teacherAccuracy: teacher.top1)
                })
        }
    }

    /// The report as pretty-printed JSON.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    /// One Markdown table row per student for the zoo's results table:
    /// `| teacher | student | method | teacher % | baseline % | student % | lost | gained | reduction | DS |`.
    public var markdownRows: [String] {
        let teacherNames = teachers.map(\.model).joined(separator: " + ")
        let teacherTop1 = teachers.map(\.top1).max() ?? 0
        return students.map { result in
            // Mutual learning has no teacher: its columns stay empty.
            let cells = [
                teachers.isEmpty ? "—" : teacherNames, result.student.model, method,
                teachers.isEmpty ? "—" : Self.percent(teacherTop1), result.baseline.map { Self.percent($0.top1) } ?? "—",
                Self.percent(result.student.top1), result.accuracyLostVsTeacher.map(Self.points) ?? "—",
                result.accuracyGainedVsBaseline.map(Self.points) ?? "—",
                result.sizeReduction.map { String(format: "%.1f%%", $0) } ?? "—",
                result.distillationMetric.map { String(format: "%.3f", $0) } ?? "—",
            ]
            return "| " + cells.joined(separator: " | ") + " |"
        }
    }

    static func percent(_ fraction: Double) -> String { String(format: "%.2f", 100 * fraction) }
    static func points(_ value: Double) -> String { String(format: "%+.2f", value) }
}
