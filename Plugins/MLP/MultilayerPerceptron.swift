import KDLayers
import KDTensor
import KDZoo

/// Linear-ReLU layers of the given widths, then a linear classifier, over flattened samples.
/// Parameter names are `fc1`, `fc2`, ..., the classifier being the last.
///
/// Taps: `stage1`... (each hidden layer after its ReLU), `embedding` (the last hidden layer), `logits`.
public final class MultilayerPerceptron: Network {
    /// Dropout probabilities on the input and on every hidden layer's output.
    public struct Dropout: Sendable {
        public var input: Float
        public var hidden: Float

        /// No dropout.
        public static let none = Dropout(input: 0, hidden: 0)
        /// Srivastava et al.'s MNIST setting used by Hinton et al.'s teacher.
        public static let hinton = Dropout(input: 0.2, hidden: 0.5)
    }

    let layers: [Linear]
    let inputDropout: KDLayers.Dropout
    let hiddenDropout: KDLayers.Dropout

    public init(inFeatures: Int, hiddenWidths: [Int], classes: Int, dropout: Dropout) {
        let widths = [inFeatures] + hiddenWidths + [classes]
        layers = zip(widths, widths.dropFirst()).map { Linear(inFeatures: $0, outFeatures: $1) }
        inputDropout = KDLayers.Dropout(probability: dropout.input)
        hiddenDropout = KDLayers.Dropout(probability: dropout.hidden)
    }

    public var namedChildren: [(name: String, module: Module)] {
        layers.enumerated().map { ("fc\($0.offset + 1)", $0.element) } + [("input_dropout", inputDropout), ("hidden_dropout", hiddenDropout)]
    }

    public func forward(_ input: Tensor) -> NetworkOutput {
        var x = inputDropout(input.flattened(from: 1))
        var features: [(name: String, tensor: Tensor)] = []
        for (index, layer) in layers.dropLast().enumerated() {
            x = layer(x).relu()
            features.append((TapName.stage(index + 1), x))
            x = hiddenDropout(x)
        }
        features.append((TapName.embedding, features.last!.tensor))
        return NetworkOutput(logits: layers.last!(x), features: features)
    }
}
