import KDTensor

/// Batch normalisation of NCHW inputs per channel (PyTorch's `nn.BatchNorm2d`).
public final class BatchNorm2d: BatchNorm {
    /// Normalisation of `features` channels with PyTorch's defaults.
    public init(features: Int, momentum: Float = 0.1, epsilon: Float = 1e-5, affine: Bool = true) {
        super.init(features: features, momentum: momentum, epsilon: epsilon, affine: affine, acceptedRanks: [4])
    }
}
