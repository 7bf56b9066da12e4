import Foundation
import KDDistill
import KDZoo

/// The trained models of a `kdzoo distill` run, measured for the report: each teacher, each
/// student (a ONE student's exported branch 1, with its ensemble listed among the teachers)
/// and each student's baseline.
struct DistillationResults {
    let teachers: [ModelSummary]
    let students: [(student: ModelSummary, baseline: ModelSummary?)]
    /// Each student's deliverable network: what is measured and saved.
    let networks: [(spec: ModelSpec, name: String, network: any Network, input: InputSpec, top1: Double)]

    /// Measures every model; sequence-to-sequence models decode with `beamWidth`.
    init(plan: DistillationPlan, data: DataContext, testLoader: BatchProvider, baselineModel: SavedModel?, beamWidth: Int = 1) throws {
        func measure(_ network: any Network, _ model: String, _ role: ModelSummary.Role, _ input: InputSpec) throws -> ModelSummary {
            try ModelSummary.measure(network, model: model, role: role, input: input, classes: data.classCount, on: testLoader,
                                     beamWidth: beamWidth)
        }
        var teachers = try plan.teachers.map { try measure($0.session.network, $0.model.spec.name, .teacher, $0.session.input) }
        var students: [(ModelSummary, ModelSummary?)] = []
        var networks: [(ModelSpec, String, any Network, InputSpec, Double)] = []
        var baselines: [ObjectIdentifier: ModelSummary] = [:]
        for student in plan.students {
            let session = student.session
            var network = session.network
            if let ensemble = student.ensemble {
                // ONE's teacher is its own gated ensemble; the deliverable is one branch.
                teachers.append(try measure(ensemble, "\(student.spec.name) ONE ensemble x\(ensemble.branchCount)", .teacher, session.input))
                network = try ensemble.exportBranch(1)
            }
            let summary = try measure(network, session.name, .student, session.input)
            let baseline = try student.baseline.map { baseline in
                try baselines[ObjectIdentifier(baseline)] ?? measure(baseline.network, student.spec.name, .baseline, baseline.input)
            } ?? baselineModel.map { try measure($0.network, $0.spec.name, .baseline, $0.input) }
            if let baseline, let session = student.baseline { baselines[ObjectIdentifier(session)] = baseline }
            students.append((summary, baseline))
            networks.append((student.spec, session.name, network, session.input, summary.top1))
        }
        self.teachers = teachers
        self.students = students
        self.networks = networks.map { (spec: $0.0, name: $0.1, network: $0.2, input: $0.3, top1: $0.4) }
    }

    /// Saves each student's weights: at `output` for one student, else `<output>-<name>.h5` each.
    func writeStudents(next output: String, data: DataContext, epochs: Int) throws -> [String] {
        try networks.map { student in
            let path = networks.count == 1 ? output
                : "\(RunFiles.reportBase(for: output))-\(student.name.replacingOccurrences(of: " ", with: "-")).h5"
            var saved = SavedModel(spec: student.spec, network: student.network, input: student.input, classes: data.dataset.classes)
            saved.metrics = ["top1": student.top1, "epochs": Double(epochs)]
            try saved.write(to: path, kdzooVersion: KDZooVersion.string)
            return path
        }
    }
}
