import KDTensor

/// The maximum over each window of an NCHW input (PyTorch's `nn.MaxPool2d`); the stride
/// defaults to the kernel size and padding is with -∞.
public final class MaxPool2d: Layer {
    public let kernelSize: Size2D
    public let stride: Size2D?
    public let padding: Size2D

    public init(kernelSize: Size2D, stride: Size2D? = nil, padding: Size2D = 0) {
        self.kernelSize = kernelSize
        self.stride = stride
        self.padding = padding
    }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        input.maxPool2d(kernelSize: kernelSize, stride: stride, padding: padding)
    }
}
