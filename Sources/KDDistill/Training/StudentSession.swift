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

    /// The learnable parts of the objective's methods, once prepared.
    var methodModules: [Module] { objective.methods.compactMap(\.learnableModule) }

    /// Everything the optimiser updates: the network, then each method's learnable parts.
    var trainableParameters: [Tensor] {
        network.parameters + methodModules.flatMap(\.parameters)
    }

    /// The batch as this network reads it.
    func present(_ inputs: Tensor) -> Tensor {
        inputs.reshaped(to: [inputs.shape[0]] + input.shape)
    }

    /// Sizes the methods' learnable parts from one batch and creates the optimiser.
    func prepare(firstBatch: TrainingBatch, teacher: NetworkOutput?, configuration: TrainingConfiguration) throws {
        if let teacher, !objective.methods.isEmpty {
            // Evaluation mode: the probe is only for shapes and must not move batch-norm statistics.
            network.eval()
            defer { network.train() }
            let probe = noGrad { network(present(firstBatch.inputs)) }
            for method in objective.methods { try method.prepare(student: probe, teacher: teacher) }
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
