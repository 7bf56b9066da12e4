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
    /// between im2col + GEMM and Winograd for the forward pass and both gradients.
    /// `residual` (shaped as the output) is added and `outputClamp` (a ReLU or ReLU6) applied as
    /// the output is written: the values of `(conv + residual).relu()` without passes of their own.
    public func conv2d(weight: Tensor, bias: Tensor? = nil, stride: Size2D = 1, padding: Size2D = 0,
                       dilation: Size2D = 1, groups: Int = 1, algorithm: ConvAlgorithm = .automatic,
                       adding residual: Tensor? = nil, outputClamp: OutputClamp? = nil) -> Tensor {
        let geometry = ConvGeometry(input: shape, weight: weight.shape, bias: bias?.shape, stride: stride,
                                    padding: padding, dilation: dilation, groups: groups)
        geometry.checkResidual(residual)
        let input = self
        let output = Tensor(uninitializedShape: geometry.outputShape)
        Convolution.forward(geometry, input: pointer, weight: weight, bias: bias, algorithm: algorithm,
                            epilogue: OutputEpilogue(residual: residual?.pointer, clamp: outputClamp), into: output)
        // The output's storage, not the output: the output owns the closure (a cycle).
        let clampedOutput = outputClamp.map { ($0, output.storage) }
        let inputs = [input, weight] + [bias, residual].compactMap { $0 }
        // Whether the residual gets a gradient, not the residual: its values are not needed.
        let residualGradient = residual.map { $0.requiresGrad }
        return output.recorded("conv2d", inputs: inputs) { g in
            let g = clampedOutput.map { clamp, storage in clamp.gradient(g, output: storage) } ?? g
            let gradients = Convolution.gradients(geometry, g, input: input.pointer,
                                                  inputShape: input.requiresGrad ? input.shape : nil,
                                                  weight: weight, bias: bias, algorithm: algorithm)
            return gradients + (residualGradient.map { [$0 ? g : nil] } ?? [])
        }
    }
}

/// The kernel choice behind ``Tensor/conv2d(weight:bias:stride:padding:dilation:groups:algorithm:adding:outputClamp:)``,
/// for the ops that convolve as one of their steps.
enum Convolution {
    /// Writes the convolution of `input` into `output`, finishing each block with `epilogue`:
    /// the direct depthwise kernel, Winograd or im2col + GEMM.
    static func forward(_ geometry: ConvGeometry, input: UnsafePointer<Float>, weight: Tensor, bias: Tensor?,
                        algorithm: ConvAlgorithm, epilogue: OutputEpilogue = .none, into output: Tensor) {
        let (weight, bias, output) = (weight.pointer, bias?.pointer, output.pointer)
        if geometry.isDepthwise, algorithm != .winograd {
            DepthwiseConv.forward(geometry, input: input, weight: weight, bias: bias, epilogue: epilogue, output: output)
        } else if geometry.usesWinograd(algorithm) {
            WinogradConv.forward(geometry, input: input, weight: weight, bias: bias, epilogue: epilogue, output: output)
        } else {
            ColumnConv.forward(geometry, input: input, weight: weight, bias: bias, epilogue: epilogue, output: output)
        }
    }

    /// The gradients of the input (shaped `inputShape`, `nil` for none), the weight and the bias
    /// (when they require one, as in `conv2d`'s input order) from the output gradient `g`.
    static func gradients(_ geometry: ConvGeometry, _ g: Tensor, input: UnsafePointer<Float>, inputShape: [Int]?,
                          weight: Tensor, bias: Tensor?, algorithm: ConvAlgorithm) -> [Tensor?] {
        let gradInput = inputShape.map { Tensor(uninitializedShape: $0) }
        let gradWeight = weight.requiresGrad ? Tensor.zeros(weight.shape) : nil
        let gradBias = bias?.requiresGrad == true ? Tensor.zeros([geometry.outChannels]) : nil
        let gradients = ConvGradients(input: gradInput?.pointer, weight: gradWeight?.pointer, bias: gradBias?.pointer)
        if geometry.isDepthwise {
            DepthwiseConv.backward(geometry, outputGradient: g.pointer, input: input, weight: weight.pointer, into: gradients)
        } else {
            if gradWeight != nil || gradBias != nil {
                if geometry.usesWinograd(algorithm) {
                    WinogradConv.parameterGradients(geometry, outputGradient: g.pointer, input: input, into: gradients)
                } else {
                    ColumnConv.parameterGradients(geometry, outputGradient: g.pointer, input: input, into: gradients)
                }
            }
            if let gradInput {
                ColumnConv.inputGradient(geometry, outputGradient: g.pointer, weight: weight.pointer,
                                         algorithm: algorithm, into: gradInput.pointer)
            }
        }
        return [gradInput, gradWeight] + (bias == nil ? [] : [gradBias])
    }
}

extension ConvGeometry {
    /// Stops with a message naming both shapes unless `residual` is shaped as the output.
    func checkResidual(_ residual: Tensor?) {
        guard let residual else { return }
        precondition(residual.shape == outputShape,
                     "conv2d: residual \(Shape.describe(residual.shape)) must match the output \(Shape.describe(outputShape))")
    }
}
