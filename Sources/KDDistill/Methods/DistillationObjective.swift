import KDLayers
import KDTensor
import KDZoo

/// The total training loss of one student: a weighted cross-entropy on the labels plus each
/// distillation method's weighted loss, with every part kept by name for progress and logs.
///
/// A student trained without a teacher (the baseline) has no methods and cross-entropy weight 1.
/// With several teachers (or peers) each method has one instance per teacher, and its part is
/// the weighted sum of the instances' losses: `Σ_k w_k · loss_k`.
public struct DistillationObjective {
    /// The methods, each with one instance per knowledge source it reads: `instances[m][k]` is
    /// method `m` against teacher (or peer) `k`; a self-distillation method has one instance.
    public let instances: [[DistillationMethod]]
    /// γ, the weight of the hard-label cross-entropy.
    public let crossEntropyWeight: Float
    /// Label smoothing of the cross-entropy term.
    public let labelSmoothing: Float

    /// An objective with one teacher (or peer); `crossEntropyWeight` defaults to the smallest
    /// ``DistillationMethod/defaultCrossEntropyWeight`` of the methods: `1 − α` with Hinton KD
    /// (Hinton's `α·KD + (1 − α)·CE`) or word-level KD, 0 with sequence-level KD (whose targets
    /// replace the labels), and 1 otherwise (FitNet, AT, ... add their terms to the plain
    /// classification loss, as RepDistiller does).
    public init(methods: [DistillationMethod], crossEntropyWeight: Float? = nil, labelSmoothing: Float = 0) {
        self.init(instances: methods.map { [$0] }, crossEntropyWeight: crossEntropyWeight, labelSmoothing: labelSmoothing)
    }

    /// An objective for `teacherCount` teachers and `peerCount` peers: `makeMethods` is called
    /// once per instance needed, and each method keeps as many instances as its
    /// ``KnowledgeSource`` has members.
    public init(teacherCount: Int, peerCount: Int = 0, crossEntropyWeight: Float? = nil, labelSmoothing: Float = 0,
                makeMethods: () throws -> [DistillationMethod]) rethrows {
        let lists = try (0..<max(teacherCount, peerCount, 1)).map { _ in try makeMethods() }
        let instances = lists[0].indices.map { m in
            let count = switch lists[0][m].knowledgeSource {
            case .teacher: teacherCount
            case .peers: peerCount
            case .itself: 1
            }
            // At least one, so that a misconfigured run is refused by name rather than losing the method.
            return lists.prefix(max(count, 1)).map { $0[m] }
        }
        self.init(instances: instances, crossEntropyWeight: crossEntropyWeight, labelSmoothing: labelSmoothing)
    }

    private init(instances: [[DistillationMethod]], crossEntropyWeight: Float?, labelSmoothing: Float) {
        self.instances = instances
        self.crossEntropyWeight = crossEntropyWeight
            ?? instances.compactMap { $0.first?.defaultCrossEntropyWeight }.min() ?? 1
        self.labelSmoothing = labelSmoothing
    }

    /// The objective of a student trained on labels alone.
    public static let labelsOnly = DistillationObjective(methods: [])

    /// The first instance of each method: names, weights and sources.
    public var methods: [DistillationMethod] { instances.compactMap(\.first) }

    /// Every instance of every method, in order (the checkpoint stores their learnable parts so).
    public var allInstances: [DistillationMethod] { instances.flatMap { $0 } }

    /// The taps of teacher `k` that the methods read (known in full once they are prepared).
    public func teacherTaps(ofTeacher k: Int) -> Set<String> {
        Set(instances.filter { $0[0].knowledgeSource == .teacher && k < $0.count }.flatMap { $0[k].teacherTaps })
    }

    /// The bytes each method's own state takes (the parameters and buffers of its learnable
    /// parts, every instance: FitNet's regressor, CRD's heads and memory banks), for the methods
    /// that have any, once prepared. Checkpoints hold this state beside the student's.
    public var methodStateBytes: [(method: String, bytes: Int)] {
        instances.compactMap { instances in
            let tensors = instances.compactMap(\.learnableModule).flatMap { $0.stateDict() }
            let bytes = tensors.reduce(0) { $0 + $1.tensor.count * MemoryLayout<Float>.stride }
            return bytes > 0 ? (instances[0].name, bytes) : nil
        }
    }

    /// Whether any method reads the given source.
    public func reads(_ source: KnowledgeSource) -> Bool {
        methods.contains { $0.knowledgeSource == source }
    }

    /// Throws unless every method has one instance per member of its source.
    func validate(teacherCount: Int, peerCount: Int) throws {
        for instances in instances {
            let method = instances[0]
            let expected = switch method.knowledgeSource {
            case .teacher: teacherCount
            case .peers: peerCount
            case .itself: 1
            }
            guard instances.count == expected else {
                let source = method.knowledgeSource == .peers ? "peer students" : "teachers"
                throw TrainingError.invalidConfiguration(
                    "method: '\(method.name)' was set up for \(instances.count) \(source), the run has \(expected)")
            }
        }
    }

    /// The weighted parts, `ce` first then each method by name, for one batch.
    public func parts(student: NetworkOutput, knowledge: KnowledgeSources, step: TrainingStep)
        -> [(name: String, value: Tensor)] {
        var parts: [(String, Tensor)] = []
        if crossEntropyWeight != 0 {
            parts.append(("ce", labelCrossEntropy(logits: student.logits, labels: step.labels, labelSmoothing: labelSmoothing)
                * crossEntropyWeight))
        }
        for instances in instances {
            let method = instances[0]
            let targets = knowledge.targets(for: method.knowledgeSource, student: student)
            precondition(targets.count == instances.count,
                         "\(method.name): \(instances.count) instances for \(targets.count) \(method.knowledgeSource) outputs")
            let total = zip(instances, targets).map { instance, target in
                target.weight.weigh(instance, student: student, teacher: target.output, step: step)
            }
            let summed = total.dropFirst().reduce(total[0], +)
            parts.append((method.name, summed * method.weight))
        }
        return parts
    }

    /// The weighted parts for a student with one teacher (or none, when there are no methods).
    public func parts(student: NetworkOutput, teacher: NetworkOutput?, labels: [Int]) -> [(name: String, value: Tensor)] {
        parts(student: student, knowledge: KnowledgeSources(teachers: teacher.map { [$0] } ?? []),
              step: TrainingStep(labels: labels))
    }
}

/// The outputs a student learns from in one batch: its teachers' with their weights, and its
/// peers' (detached).
public struct KnowledgeSources {
    public var teachers: [NetworkOutput]
    /// One entry per teacher.
    public var teacherWeights: [SampleWeights]
    public var peers: [NetworkOutput]

    /// Sources whose teachers weigh equally.
    public init(teachers: [NetworkOutput] = [], teacherWeights: [SampleWeights]? = nil, peers: [NetworkOutput] = []) {
        self.teachers = teachers
        self.teacherWeights = teacherWeights ?? teachers.map { _ in .constant(1 / Float(teachers.count)) }
        self.peers = peers
        precondition(self.teacherWeights.count == teachers.count, "one weight per teacher")
    }

    func targets(for source: KnowledgeSource, student: NetworkOutput) -> [(output: NetworkOutput, weight: SampleWeights)] {
        switch source {
        case .teacher: Array(zip(teachers, teacherWeights))
        case .peers: peers.map { ($0, .constant(1 / Float(peers.count))) }
        case .itself: [(student, .constant(1))]
        }
    }
}

/// The weight of one teacher's loss: the same for the whole batch, or one per sample.
public enum SampleWeights {
    case constant(Float)
    /// `[N]`, for methods whose loss is a per-sample mean; other methods use the batch mean.
    case perSample(Tensor)

    /// The batch mean of the weights.
    public var mean: Float {
        switch self {
        case .constant(let value): value
        case .perSample(let weights): weights.scalars.reduce(0, +) / Float(max(weights.count, 1))
        }
    }

    /// `method`'s loss against `teacher` under these weights.
    func weigh(_ method: DistillationMethod, student: NetworkOutput, teacher: NetworkOutput, step: TrainingStep) -> Tensor {
        switch self {
        case .constant(1):
            return method.loss(student: student, teacher: teacher, step: step)
        case .perSample(let weights):
            if let decomposable = method as? SampleDecomposableMethod {
                return (decomposable.sampleLosses(student: student, teacher: teacher, step: step) * weights).mean()
            }
            return method.loss(student: student, teacher: teacher, step: step) * mean
        case .constant:
            return method.loss(student: student, teacher: teacher, step: step) * mean
        }
    }
}
