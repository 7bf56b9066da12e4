import KDTensor

/// The exact (erf) Gaussian error linear unit element-wise (PyTorch's `nn.GELU`).
public final class GELU: Layer {
    public init() {}

    public func callAsFunction(_ input: Tensor) -> Tensor { input.gelu() }
}
