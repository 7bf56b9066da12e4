import KDTensor

/// Shape helpers shared by the feature and relation methods.
enum FeatureAlignment {
    /// The two NCHW maps at a common spatial size: the larger one average-pooled (adaptively)
    /// to the smaller one's height and width, as RepDistiller's AT and NST do.
    static func spatiallyAligned(_ student: Tensor, _ teacher: Tensor) -> (student: Tensor, teacher: Tensor) {
        precondition(student.rank == 4 && teacher.rank == 4,
                     "spatial alignment needs NCHW maps, got \(Shape.describe(student.shape)) and \(Shape.describe(teacher.shape))")
        let size = Size2D(min(student.shape[2], teacher.shape[2]), min(student.shape[3], teacher.shape[3]))
        return (pooled(student, to: size), pooled(teacher, to: size))
    }

    /// `map` average-pooled to `size`, or `map` itself when it already has that size.
    static func pooled(_ map: Tensor, to size: Size2D) -> Tensor {
        map.shape[2] == size.height && map.shape[3] == size.width ? map : map.adaptiveAvgPool2d(outputSize: size)
    }

    /// `x / max(‖x‖₂, ε)` along the last axis, as PyTorch's `F.normalize`. The norm is taken
    /// as `√max(Σx², ε²)`, which is the same value with a finite gradient at `x = 0`.
    static func l2Normalized(_ x: Tensor, epsilon: Float = 1e-12) -> Tensor {
        x / x.squared().sum(alongAxes: [-1], keepingDims: true).clamped(min: epsilon * epsilon).sqrt()
    }

    /// Each sample's tap as one row, `[N, everything else]`.
    static func rows(_ x: Tensor) -> Tensor {
        x.rank == 2 ? x : x.reshaped(to: [x.shape[0], x.count / max(x.shape[0], 1)])
    }
}
