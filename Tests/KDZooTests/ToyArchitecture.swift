import KDLayers
import KDTensor
import KDZoo

/// A linear classifier over flattened samples: the smallest network the registry tests can build.
final class ToyLinearNetwork: Network {
    @Parameter var weight: Tensor
    @Parameter var bias: Tensor

    init(features: Int, classes: Int) {
        var generator = SeededGenerator(seed: 3)
        weight = Tensor.randomNormal([classes, features], std: 0.1, using: &generator)
        bias = Tensor.zeros([classes])
    }

    func forward(_ input: Tensor) -> NetworkOutput {
        let embedding = input.flattened(from: 1)
        let logits = embedding.matmul(weight, transposeOther: true) + bias
        return NetworkOutput(logits: logits, features: [(TapName.embedding, embedding)])
    }
}

/// An architecture whose declaration each test chooses; it builds ``ToyLinearNetwork``s.
struct ToyArchitecture: Architecture {
    var name = "toy"
    var aliases: [String] = []
    var summary = "a linear classifier for registry tests"
    var task = Task.imageClassification
    var variants = ["small", "large"]
    var defaultVariant = "small"
    var inputLayouts: [InputLayout] = [.image]

    func makeNetwork(variant: String, input: InputSpec, classes: Int) throws -> any Network {
        ToyLinearNetwork(features: input.elementCount, classes: classes)
    }
}
