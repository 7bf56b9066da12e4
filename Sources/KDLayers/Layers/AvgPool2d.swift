import KDTensor

/// The mean over each window of an NCHW input (PyTorch's `nn.AvgPool2d`); the stride
/// defaults to the kernel size, and `countIncludePad` decides whether zero padding counts
/// towards the divisor.
public final class AvgPool2d: Layer {
    /// The window size.
    public let kernelSize: Size2D
    /// The step between windows; `nil` means `kernelSize`.
    public let stride: Size2D?
    /// Zero padding on each side.
    public let padding: Size2D
    /// Whether padded zeros count towards each window's divisor.
    public let countIncludePad: Bool

    /// Average pooling with PyTorch's defaults.
    public init(kernelSize: Size2D, stride: Size2D? = nil, padding: Size2D = 0, countIncludePad: Bool = true) {
        self.kernelSize = kernelSize
        self.stride = stride
        self.padding = padding
        self.countIncludePad = countIncludePad
    }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        input.avgPool2d(kernelSize: kernelSize, stride: stride, padding: padding, countIncludePad: countIncludePad)
    }
}
