import KDTensor

/// `x` where positive, `negativeSlope · x` elsewhere (PyTorch's `nn.LeakyReLU`).
public final class LeakyReLU: Layer {
    /// The slope for negative inputs.
    public let negativeSlope: Float

    /// A leaky ReLU with PyTorch's default slope.
    public init(negativeSlope: Float = 0.01) {
        self.negativeSlope = negativeSlope
    }

    public func callAsFunction(_ input: Tensor) -> Tensor { input.leakyRelu(negativeSlope: negativeSlope) }
}
