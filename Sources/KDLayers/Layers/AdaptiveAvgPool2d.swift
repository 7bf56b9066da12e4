import KDTensor

/// Average pooling to a fixed output size whatever the input size (PyTorch's
/// `nn.AdaptiveAvgPool2d`); `outputSize: 1` is global average pooling.
public final class AdaptiveAvgPool2d: Layer {
    /// The height and width of every output.
    public let outputSize: Size2D

    /// Pools any input to `outputSize`.
    public init(outputSize: Size2D) {
        self.outputSize = outputSize
    }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        input.adaptiveAvgPool2d(outputSize: outputSize)
    }
}
