import KDTensor

/// A 2-D convolution over NCHW inputs (PyTorch's `nn.Conv2d`), with stride, zero padding,
/// dilation and groups (`groups == inChannels` is a depthwise convolution).
///
/// Initialised as PyTorch does: weight and bias from `U(-1/√fanIn, 1/√fanIn)` with
/// `fanIn = inChannels / groups · kernelHeight · kernelWidth` (Kaiming uniform, `a = √5`).
public final class Conv2d: Layer {
    /// `[outChannels, inChannels / groups, kernelHeight, kernelWidth]`.
    @Parameter public var weight: Tensor
    /// `[outChannels]`, or `nil` when built with `bias: false`.
    @Parameter public var bias: Tensor?
    /// The step between windows.
    public let stride: Size2D
    /// Zeros added on each side.
    public let padding: Size2D
    /// The spacing of kernel taps.
    public let dilation: Size2D
    /// Channel groups convolved independently.
    public let groups: Int

    /// A convolution initialised from the thread's generator.
    public init(inChannels: Int, outChannels: Int, kernelSize: Size2D, stride: Size2D = 1, padding: Size2D = 0,
                dilation: Size2D = 1, groups: Int = 1, bias: Bool = true) {
        precondition(groups >= 1 && inChannels % groups == 0 && outChannels % groups == 0,
                     "Conv2d: \(inChannels) in and \(outChannels) out channels do not divide into \(groups) groups")
        let weight = Tensor.zeros([outChannels, inChannels / groups, kernelSize.height, kernelSize.width])
        Init.kaimingUniform(weight, nonlinearity: .leakyRelu(negativeSlope: Float(5).squareRoot()))
        self.weight = weight
        if bias {
            let bias = Tensor.zeros([outChannels])
            Init.fanInUniform(bias, fanIn: Init.fans(of: weight.shape).fanIn)
            self.bias = bias
        } else {
            self.bias = nil
        }
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.groups = groups
    }

    /// Channels of the input.
    public var inChannels: Int { weight.shape[1] * groups }
    /// Channels of the output.
    public var outChannels: Int { weight.shape[0] }
    /// The kernel's height and width.
    public var kernelSize: Size2D { Size2D(weight.shape[2], weight.shape[3]) }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        input.conv2d(weight: weight, bias: bias, stride: stride, padding: padding, dilation: dilation, groups: groups)
    }
}

extension Conv2d {
    /// `self(norm(input).relu()) + residual` as one op that keeps only `input` for the backward
    /// pass and recomputes the ReLU's output there (see ``Tensor/batchNormReLUConv2d(_:weight:bias:stride:padding:dilation:groups:adding:outputClamp:)``):
    /// the same values and gradients as the layers called in turn, for a quarter less of
    /// a ResNet block's activation memory in training.
    public func callAsFunction(_ input: Tensor, afterBatchNormReLU norm: BatchNorm2d, adding residual: Tensor? = nil) -> Tensor {
        input.batchNormReLUConv2d(norm.state(normalizing: input), weight: weight, bias: bias, stride: stride,
                                  padding: padding, dilation: dilation, groups: groups, adding: residual)
    }

    /// `self(input) + residual`, the sum made as the output is written.
    public func callAsFunction(_ input: Tensor, adding residual: Tensor) -> Tensor {
        input.conv2d(weight: weight, bias: bias, stride: stride, padding: padding, dilation: dilation, groups: groups,
                     adding: residual)
    }

    /// `clamp(norm(self(input)) + residual)`: a convolution, its batch norm, optionally a
    /// shortcut and the ReLU (or ReLU6) after them. In evaluation with nothing recorded for
    /// gradients (a teacher's forward pass, inference), the normalisation is folded into the
    /// convolution's weights and bias, and the sum and clamp are made as the output is written:
    /// one pass over the output instead of up to four, values equal to the unfused layers' up
    /// to rounding. Otherwise the layers run in turn.
    public func callAsFunction(_ input: Tensor, thenBatchNorm norm: BatchNorm2d, adding residual: Tensor? = nil,
                               clamp: OutputClamp? = nil) -> Tensor {
        guard let folded = folding(norm, for: input) else {
            let normalized = norm(self(input))
            let sum = residual.map { normalized + $0 } ?? normalized
            return clamp.map { $0(sum) } ?? sum
        }
        return input.conv2d(weight: folded.weight, bias: folded.bias, stride: stride, padding: padding, dilation: dilation,
                            groups: groups, adding: residual, outputClamp: clamp)
    }

    /// `clamp(post(self(pre(input).relu())))`: a pre-activation block's first half, folded like
    /// ``callAsFunction(_:thenBatchNorm:adding:clamp:)`` in inference.
    public func callAsFunction(_ input: Tensor, afterBatchNormReLU pre: BatchNorm2d, thenBatchNorm post: BatchNorm2d,
                               clamp: OutputClamp? = nil) -> Tensor {
        guard let folded = folding(post, for: input) else {
            let normalized = post(self(input, afterBatchNormReLU: pre))
            return clamp.map { $0(normalized) } ?? normalized
        }
        return input.batchNormReLUConv2d(pre.state(normalizing: input), weight: folded.weight, bias: folded.bias,
                                         stride: stride, padding: padding, dilation: dilation, groups: groups,
                                         outputClamp: clamp)
    }

    /// This convolution's weight and bias with `norm` folded in, or `nil` when it must run on its
    /// own: in training, or when gradients are recorded.
    private func folding(_ norm: BatchNorm2d, for input: Tensor) -> (weight: Tensor, bias: Tensor)? {
        // The four tensors by name: `parameters` walks the module tree by reflection, which
        // costs more than a small convolution.
        let recording = GradMode.isEnabled
            && ([input, weight] + [bias, norm.weight, norm.bias].compactMap { $0 }).contains { $0.requiresGrad }
        return norm.isTraining || recording ? nil : norm.folded(into: self)
    }
}
