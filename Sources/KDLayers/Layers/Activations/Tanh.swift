import KDTensor

/// The hyperbolic tangent element-wise (PyTorch's `nn.Tanh`).
public final class Tanh: Layer {
    public init() {}

    public func callAsFunction(_ input: Tensor) -> Tensor { input.tanh() }
}
