import KDTensor

/// The mean over each window of an NCHW input (PyTorch's `nn.AvgPool2d`); the stride
/// defaults to the kernel size, and `countIncludePad` decides whether zero padding counts
/// towards the divisor.
public final class AvgPool2d: Layer {
    public let kernelSize: Size2D
    public let stride: Size2D?
    public let padding: Size2D
    public let countIncludePad: Bool

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
