import KDTensor

/// The maximum over each window of an NCHW input (PyTorch's `nn.MaxPool2d`); the stride
/// defaults to the kernel size and padding is with -∞.
public final class MaxPool2d: Layer {
    /// The window size.
    public let kernelSize: Size2D
    /// The step between windows; `nil` means `kernelSize`.
    public let stride: Size2D?
    /// Padding on each side, never selected.
    public let padding: Size2D

    /// Max pooling with PyTorch's defaults.
    public init(kernelSize: Size2D, stride: Size2D? = nil, padding: Size2D = 0) {
        self.kernelSize = kernelSize
        self.stride = stride
        self.padding = padding
    }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        input.maxPool2d(kernelSize: kernelSize, stride: stride, padding: padding)
    }
}
