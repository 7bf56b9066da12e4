import KDLayers
import KDTensor
import KDZoo

/// A frozen teacher: evaluated in inference mode without recording gradients.
public final class TeacherSession {
    public let name: String
    public let network: any Network
    /// How the network reads the dataset's samples.
    public let input: InputSpec

    public init(name: String, network: any Network, input: InputSpec) {
        self.name = name
        self.network = network
        self.input = input
        network.eval()
        for parameter in network.parameters { parameter.requiresGrad = false }
    }

    /// The teacher's outputs for a batch as stored in the dataset.
    public func outputs(for inputs: Tensor, context: BatchContext = BatchContext()) -> NetworkOutput {
        noGrad { network(inputs.reshaped(to: [inputs.shape[0]] + input.shape), context: context) }
    }

    /// The teacher's outputs for `batch`, with its lengths and (teacher-forced) targets.
    public func outputs(for batch: TrainingBatch) -> NetworkOutput {
        outputs(for: batch.inputs, context: batch.context)
    }
}
