import KDTensor

/// A fully connected layer, `y = x · weightᵀ + bias`, over the last axis of any input
/// `[..., inFeatures]` (PyTorch's `nn.Linear`).
///
/// Initialised as PyTorch does: weight and bias from `U(-1/√inFeatures, 1/√inFeatures)`
/// (Kaiming uniform with `a = √5`), drawn from the thread's initialisation generator.
public final class Linear: Layer {
    /// `[outFeatures, inFeatures]`.
    @Parameter public var weight: Tensor
    /// `[outFeatures]`, or `nil` when built with `bias: false`.
    @Parameter public var bias: Tensor?

    /// A layer mapping `inFeatures` to `outFeatures`, initialised from the thread's generator.
    public init(inFeatures: Int, outFeatures: Int, bias: Bool = true) {
        let weight = Tensor.zeros([outFeatures, inFeatures])
        Init.kaimingUniform(weight, nonlinearity: .leakyRelu(negativeSlope: Float(5).squareRoot()))
        self.weight = weight
        if bias {
            let bias = Tensor.zeros([outFeatures])
            Init.fanInUniform(bias, fanIn: inFeatures)
            self.bias = bias
        } else {
            self.bias = nil
        }
    }

    /// The size of the last input axis.
    public var inFeatures: Int { weight.shape[1] }
    /// The size of the last output axis.
    public var outFeatures: Int { weight.shape[0] }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        input.linear(weight: weight, bias: bias)
    }
}
