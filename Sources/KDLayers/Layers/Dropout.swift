import KDTensor

/// Zeroes each element with `probability` in training mode and scales the rest by
/// `1 / (1 - probability)`; the identity in evaluation mode (PyTorch's `nn.Dropout`).
///
/// Its masks come from a generator forked from the initialisation generator when the layer
/// is built, so a seeded model drops the same elements on every run.
public final class Dropout: Layer, ModeDependent {
    /// The chance of zeroing each element.
    public let probability: Float
    public var isTraining = true
    private var generator: SeededGenerator

    /// Dropout with PyTorch's default probability.
    public init(probability: Float = 0.5) {
        precondition((0...1).contains(probability), "Dropout: probability \(probability) outside [0, 1]")
        self.probability = probability
        generator = InitializationRandom.draw { $0.fork() }
    }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        guard isTraining, probability > 0 else { return input }
        return input.dropout(probability: probability, using: &generator)
    }
}
