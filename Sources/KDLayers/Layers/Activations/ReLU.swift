import KDTensor

/// `max(x, 0)` element-wise (PyTorch's `nn.ReLU`).
public final class ReLU: Layer {
    public init() {}

    public func callAsFunction(_ input: Tensor) -> Tensor { input.relu() }
}
