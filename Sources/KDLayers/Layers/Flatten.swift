import KDTensor

/// Flattens every axis from `startAxis` on into one: `[N, C, H, W] -> [N, C·H·W]`
/// (PyTorch's `nn.Flatten`, whose default also keeps the batch axis).
public final class Flatten: Layer {
    /// The first axis merged (negative counts from the end).
    public let startAxis: Int

    /// Flattens from `startAxis` to the last axis.
    public init(startAxis: Int = 1) {
        self.startAxis = startAxis
    }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        input.flattened(from: Shape.normalize(axis: startAxis, rank: input.rank))
    }
}
