import Foundation

// 2-D convolution (cross-correlation, as in PyTorch): im2col + OpenBLAS GEMM per sample,
// Winograd for 3x3 stride-1 layers wide enough to gain, a direct kernel for depthwise
// layers, and no im2col at all for 1x1 convolutions.

extension Tensor {
    /// Convolves NCHW images with a bank of filters.
    ///
    /// Input `[N, C, H, W]`, weight `[O, C/groups, kH, kW]`, bias `[O]` → `[N, O, H', W']` with
    /// `H' = (H + 2·padding - dilation·(kH-1) - 1) / stride + 1` (likewise for `W'`).
    /// Channels are split into `groups` independent convolutions; `groups == C == O` is a
    /// depthwise convolution. Differentiable in the input, weight and bias. `algorithm` chooses
    /// between im2col + GEMM and Winograd for the forward pass and the input gradient.
    public func conv2d(weight: Tensor, bias: Tensor? = nil, stride: Size2D = 1, padding: Size2D = 0,
                       dilation: Size2D = 1, groups: Int = 1, algorithm: ConvAlgorithm = .automatic) -> Tensor {
        let geometry = ConvGeometry(input: shape, weight: weight.shape, bias: bias?.shape, stride: stride,
                                    padding: padding, dilation: dilation, groups: groups)
        let input = self
        let output = Tensor(uninitializedShape: geometry.outputShape)
        if geometry.isDepthwise, algorithm != .winograd {
            DepthwiseConv.forward(geometry, input: pointer, weight: weight.pointer, bias: bias?.pointer, output: output.pointer)
        } else if geometry.usesWinograd(algorithm) {
            WinogradConv.forward(geometry, input: pointer, weight: weight.pointer, bias: bias?.pointer, output: output.pointer)
        } else {
            ColumnConv.forward(geometry, input: pointer, weight: weight.pointer, bias: bias?.pointer, output: output.pointer)
        }
        return output.recorded("conv2d", inputs: [input, weight] + (bias.map { [$0] } ?? [])) { g in
            let gradInput = input.requiresGrad ? Tensor(uninitializedShape: input.shape) : nil
            let gradWeight = weight.requiresGrad ? Tensor.zeros(weight.shape) : nil
            let gradBias = bias?.requiresGrad == true ? Tensor.zeros([geometry.outChannels]) : nil
            let gradients = ConvGradients(input: gradInput?.pointer, weight: gradWeight?.pointer, bias: gradBias?.pointer)
            if geometry.isDepthwise {
                DepthwiseConv.backward(geometry, outputGradient: g.pointer, input: input.pointer,
                                       weight: weight.pointer, into: gradients)
            } else {
                ColumnConv.backward(geometry, outputGradient: g.pointer, input: input.pointer,
                                    weight: weight.pointer, algorithm: algorithm, into: gradients)
            }
            return [gradInput, gradWeight] + (bias == nil ? [] : [gradBias])
        }
    }
}

/// Where a convolution's backward pass writes; each pointer is `nil` when that gradient is not
/// needed. The weight and bias gradients arrive zero-filled and are accumulated into; the
/// input gradient arrives uninitialised and is overwritten.
struct ConvGradients {
    let input: UnsafeMutablePointer<Float>?
    let weight: UnsafeMutablePointer<Float>?
    let bias: UnsafeMutablePointer<Float>?
}
