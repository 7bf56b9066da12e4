import Foundation
import KDDistill
import KDZoo

/// What `kdzoo distill` trains, resolved and checked before any training: the teachers, the
/// students (as peers for mutual learning, as native ensembles for ONE) and their baselines.
struct DistillationPlan {
    struct Teacher {
        let model: SavedModel
        let session: TeacherSession
    }

    struct Student {
        let spec: ModelSpec
        let session: StudentSession
        /// The teacher-free student of the same architecture and initialisation, with `--baseline`.
        let baseline: StudentSession?
        /// The ensemble a ONE student trains, from which one branch is exported.
        var ensemble: NativeEnsemble? { session.network as? NativeEnsemble }
    }

    /// A refusal before any training, as one line.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let teachers: [Teacher]
    let students: [Student]

    /// Every session the trainer runs: the students, then the distinct baselines.
    var sessions: [StudentSession] {
        var baselines: [StudentSession] = []
        for case let baseline? in students.map(\.baseline) where !baselines.contains(where: { $0 === baseline }) {
            baselines.append(baseline)
        }
        return students.map(\.session) + baselines
    }

    /// Loads the teachers the methods need and builds the students.
    init(method: String, options: MethodOptions, teacherNames: [String], studentNames: [String], data: DataContext,
         resolver: ModelResolver, configuration: TrainingConfiguration, crossEntropyWeight: Float?, baseline: Bool) throws {
        let prototypes = try MethodCatalog.methods(method, options: options)
        let needsTeacher = prototypes.contains { $0.knowledgeSource == .teacher }
        let learnsFromPeers = prototypes.contains { $0.knowledgeSource == .peers }
        let growsEnsemble = prototypes.contains { $0 is OnTheFlyNativeEnsemble }
        if !needsTeacher, !teacherNames.isEmpty {
            throw Failure(description: "--method \(method) trains without a teacher; remove --teacher")
        }
        var specs = try (studentNames.isEmpty ? ["mobilenetv2"] : studentNames).map { try resolver.registry.resolve($0) }
        if learnsFromPeers, specs.count == 1 { specs.append(specs[0]) }
        let models = try (needsTeacher ? (teacherNames.isEmpty ? ["wrn"] : teacherNames) : []).map { name in
            let model = try resolver.trained(name, for: data)
            guard model.classes.count == data.classCount else {
                throw Failure(description: "the teacher \(name) predicts \(model.classes.count) classes, \(data.name) has \(data.classCount)")
            }
            return model
        }
        teachers = try models.map { model in
            let input = try resolver.registry.pairing(teacher: model.spec, student: specs[0], data: data.sample).teacherInput
            return Teacher(model: model, session: TeacherSession(name: model.spec.name, network: model.network, input: input))
        }

        var baselines: [String: StudentSession] = [:]
        var students: [Student] = []
        for (index, spec) in specs.enumerated() {
            let input = try Self.studentInput(spec, teachers: models, data: data, registry: resolver.registry)
            let seed = configuration.seed &+ UInt64(index)
            let repeated = specs.filter { $0.name == spec.name }.count > 1
            let name = repeated ? "\(spec.name)-\(index + 1)" : spec.name
            let network = growsEnsemble
                ? try Self.ensemble(spec, input: input, data: data, resolver: resolver, seed: seed, branches: options.oneBranches ?? 3)
                : try resolver.untrained(spec, input: input, classes: data.classCount, seed: seed)
            let objective = try DistillationObjective(
                teacherCount: teachers.count, peerCount: learnsFromPeers ? specs.count - 1 : 0,
                crossEntropyWeight: crossEntropyWeight, labelSmoothing: configuration.labelSmoothing
            ) { try MethodCatalog.methods(method, options: options) }
            if baseline, baselines[spec.name] == nil {
                baselines[spec.name] = StudentSession(
                    name: "\(spec.name) (baseline)", network: try resolver.untrained(spec, input: input, classes: data.classCount, seed: seed),
                    input: input, objective: DistillationObjective(methods: [], labelSmoothing: configuration.labelSmoothing),
                    isBaseline: true)
            }
            students.append(Student(spec: spec, session: StudentSession(name: name, network: network, input: input, objective: objective),
                                    baseline: baselines[spec.name]))
        }
        self.students = students
    }

    /// How `spec` reads the data: as each teacher pairing says (all must be compatible), or
    /// its first presentation of the samples when there is no teacher.
    private static func studentInput(_ spec: ModelSpec, teachers: [SavedModel], data: DataContext, registry: Registry) throws -> InputSpec {
        let inputs = try teachers.map { try registry.pairing(teacher: $0.spec, student: spec, data: data.sample).studentInput }
        if let input = inputs.first { return input }
        guard let input = spec.architecture.presentation(of: data.sample) else {
            try spec.architecture.validate(data.sample)
            throw Failure(description: "\(spec) cannot read \(data.sample) samples")
        }
        return input
    }

    /// A ONE student: `branches` heads of `spec` on one trunk, branch 1 initialised as the baseline.
    private static func ensemble(_ spec: ModelSpec, input: InputSpec, data: DataContext, resolver: ModelResolver, seed: UInt64,
                                 branches: Int) throws -> NativeEnsemble {
        try NativeEnsemble(branches: branches, input: input) { k in
            let network = try resolver.untrained(spec, input: input, classes: data.classCount, seed: seed &+ UInt64(k) &* 0x9E37_79B9)
            guard let branchable = network as? any BranchableNetwork else {
                throw Failure(description: "--method one: \(spec) cannot grow branches (its plugin does not split before the last stage)")
            }
            return branchable
        }
    }
}
