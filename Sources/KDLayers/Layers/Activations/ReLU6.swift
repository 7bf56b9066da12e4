import KDTensor

/// `min(max(x, 0), 6)` element-wise, MobileNet's activation (PyTorch's `nn.ReLU6`).
public final class ReLU6: Layer {
    public init() {}

    public func callAsFunction(_ input: Tensor) -> Tensor { input.relu6() }
}
