import KDTensor

/// `x` where positive, `negativeSlope · x` elsewhere (PyTorch's `nn.LeakyReLU`).
public final class LeakyReLU: Layer {
    public let negativeSlope: Float

    public init(negativeSlope: Float = 0.01) {
        self.negativeSlope = negativeSlope
    }

    public func callAsFunction(_ input: Tensor) -> Tensor { input.leakyRelu(negativeSlope: negativeSlope) }
}
