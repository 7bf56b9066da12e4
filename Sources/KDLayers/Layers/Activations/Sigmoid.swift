import KDTensor

/// `1 / (1 + e^-x)` element-wise (PyTorch's `nn.Sigmoid`).
public final class Sigmoid: Layer {
    public init() {}

    public func callAsFunction(_ input: Tensor) -> Tensor { input.sigmoid() }
}
