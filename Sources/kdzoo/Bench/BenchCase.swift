import KDZoo

/// What one measuring process runs for `kdzoo bench`: a model's inference and training step, or
/// a teacher -> student distillation step. Named on the command line by the model (`wrn-40-2`)
/// or by the pair, teacher first (`wrn-40-2:wrn-16-2`).
struct BenchCase {
    enum Work {
        case model(ModelSpec)
        case distillation(teacher: ModelSpec, student: ModelSpec)
    }

    /// The row name as given, the key prefix in `--json`.
    let name: String
    let work: Work

    /// Issue 9's table: the RepDistiller CIFAR-100 networks, the speech LSTMs, and the pairs
    /// distilled between them. `tools/torch_bench.py` measures the same rows.
    static let standardRows = [
        "wrn-40-2", "wrn-16-2", "resnet56", "resnet20", "resnet32x4", "resnet8x4", "mobilenetv2-0.5",
        "lstm-2x256", "lstm-2x64",
        "wrn-40-2:wrn-16-2", "wrn-40-2:mobilenetv2-0.5", "resnet32x4:resnet8x4", "lstm-2x256:lstm-2x64",
    ]

    init(parsing name: String, registry: Registry) throws {
        self.name = name
        let parts = name.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        switch parts.count {
        case 1:
            work = .model(try registry.resolve(parts[0]))
        case 2:
            let teacher = try registry.resolve(parts[0]), student = try registry.resolve(parts[1])
            guard teacher.architecture.task == student.architecture.task,
                  student.architecture.presentation(of: teacher.architecture.defaultInput) != nil else {
                throw BenchFailure("bench row '\(name)': \(student.name) cannot be distilled from \(teacher.name) on its input")
            }
            work = .distillation(teacher: teacher, student: student)
        default:
            throw BenchFailure("bench row '\(name)': expected a model or teacher:student")
        }
    }

    /// Measures the case in this process.
    func measure(batch: Int, timing: BenchTiming) throws -> [BenchRow] {
        switch work {
        case .model(let spec):
            try ModelBenchmark(batch: batch, timing: timing).measure(spec, row: name)
        case let .distillation(teacher, student):
            [try DistillationBenchmark(batch: batch, timing: timing).measure(teacher: teacher, student: student, row: name)]
        }
    }
}
