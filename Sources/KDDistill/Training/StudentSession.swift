import KDLayers
import KDTensor
import KDZoo

/// A network being trained in a run — a distilled student, or the baseline trained on labels
/// alone — with what it learns from and the optimiser over its parameters and those of its
/// methods' learnable parts.
public final class StudentSession {
    /// The name in progress lines and reports, e.g. `mobilenetv2-0.5` or `mobilenetv2-0.5 (baseline)`.
    public let name: String
    public let network: any Network
    /// How the network reads the dataset's samples (a reshape of the stored ones).
    public let input: InputSpec
    public let objective: DistillationObjective
    /// Whether this session is the teacher-free baseline.
    public let isBaseline: Bool
    private(set) var optimizer: Optimizer?

    public init(name: String, network: any Network, input: InputSpec, objective: DistillationObjective,
                isBaseline: Bool = false) {
        self.name = name
        self.network = network
        self.input = input
        self.objective = objective
        self.isBaseline = isBaseline
    }

    /// The learnable parts of the objective's method instances, once prepared.
    var methodModules: [Module] { objective.allInstances.compactMap(\.learnableModule) }

    /// Everything the optimiser updates: the network, then each method's learnable parts.
    var trainableParameters: [Tensor] {
        network.parameters + methodModules.flatMap(\.parameters)
    }

    /// The batch as this network reads it.
    func present(_ inputs: Tensor) -> Tensor {
        inputs.reshaped(to: [inputs.shape[0]] + input.shape)
    }

    /// The network's output on `batch` (presented, with its lengths and targets).
    func run(_ batch: TrainingBatch) -> NetworkOutput {
        network(present(batch.inputs), context: batch.context)
    }

    /// The method that replaces this student's training targets with the teacher's, if any.
    var targetRewriter: TargetRewritingMethod? {
        objective.methods.lazy.compactMap { $0 as? TargetRewritingMethod }.first
    }

    /// `batch` as this student trains on it: with the teacher's targets when a method rewrites them.
    func trainingBatch(_ batch: TrainingBatch) -> TrainingBatch {
        targetRewriter?.rewrite(batch) ?? batch
    }

    /// The network's output on `batch` in evaluation mode, for sizing the methods' learnable
    /// parts, or `nil` when there are no methods. The probe must not move batch-norm statistics.
    func probe(_ batch: TrainingBatch) -> NetworkOutput? {
        guard !objective.instances.isEmpty else { return nil }
        network.eval()
        defer { network.train() }
        return noGrad { run(batch) }
    }

    /// Sizes the method instances' learnable parts from the probe outputs (drawing initial
    /// weights from the run's seed) and creates the optimiser.
    func prepare(probe: NetworkOutput?, knowledge: KnowledgeSources, setup: MethodSetup,
                 configuration: TrainingConfiguration) throws {
        if let probe {
            try withRandomSeed(configuration.seed ^ 0x6D65_7468_6F64_7300) {
                for instances in objective.instances {
                    let targets = knowledge.targets(for: instances[0].knowledgeSource, student: probe)
                    for (instance, target) in zip(instances, targets) {
                        try instance.prepare(student: probe, teacher: target.output, setup: setup)
                    }
                }
            }
        }
        optimizer = configuration.makeOptimizer(parameters: trainableParameters)
    }

    func train() {
        network.train()
        for module in methodModules { module.train() }
    }

    func eval() {
        network.eval()
        for module in methodModules { module.eval() }
    }
}
