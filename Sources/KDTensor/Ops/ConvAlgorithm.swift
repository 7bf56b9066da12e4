/// How ``Tensor/conv2d(weight:bias:stride:padding:dilation:groups:algorithm:adding:outputClamp:)`` computes a
/// convolution and the gradients of its backward pass.
public enum ConvAlgorithm: Sendable {
    /// Winograd where it measured faster than im2col + GEMM for the layer's shape, im2col +
    /// GEMM (or the direct depthwise kernel) elsewhere.
    case automatic
    /// im2col + GEMM, or the direct kernel for depthwise convolutions.
    case columns
    /// Winograd F(4x4, 3x3): only for 3x3, stride-1, undilated, ungrouped convolutions.
    case winograd
}

extension ConvGeometry {
    /// A 3x3, stride-1, undilated, ungrouped convolution: the shape Winograd F(4x4, 3x3) computes.
    var allowsWinograd: Bool {
        height.kernel == 3 && width.kernel == 3 && height.stride == 1 && width.stride == 1
            && height.dilation == 1 && width.dilation == 1 && groups == 1
    }

    /// Whether ``ConvAlgorithm/automatic`` picks Winograd: for every layer it applies to with
    /// at least 16 input and output channels. `kdzoo bench --section kernels` over 16 to 256
    /// channels (in = out) on 32x32, 16x16 and 8x8 planes, batch 64, im2col and Winograd
    /// alternating run by run, had Winograd ahead in 22 of 24 forward comparisons (two sweeps
    /// on a loaded machine; neither loss repeated in the other sweep). Narrower layers (the
    /// 3-channel stems) were not measured and stay on im2col + GEMM.
    var prefersWinograd: Bool {
        allowsWinograd && inChannels >= 16 && outChannels >= 16
    }

    /// Whether `algorithm` runs this convolution by Winograd; a programmer error if it asks
    /// for Winograd where it does not apply.
    func usesWinograd(_ algorithm: ConvAlgorithm) -> Bool {
        switch algorithm {
        case .automatic: return prefersWinograd
        case .columns: return false
        case .winograd:
            precondition(allowsWinograd, "conv2d: Winograd needs a 3x3, stride-1, undilated, ungrouped convolution")
            return true
        }
    }
}
