/// What a batch normalisation reads and, in training, updates: its affine parameters, running
/// statistics and options, as ``Tensor/batchNorm(weight:bias:runningMean:runningVariance:training:momentum:epsilon:adding:outputClamp:)``
/// takes them.
public struct BatchNormState {
    /// The scale `[C]`, or `nil` for none.
    public var weight: Tensor?
    /// The shift `[C]`, or `nil` for none.
    public var bias: Tensor?
    /// Running statistics `[C]`, updated in place in training and used in evaluation.
    public var runningMean: Tensor
    public var runningVariance: Tensor
    /// Whether to normalise with the batch's statistics (and update the running ones).
    public var training: Bool
    /// The weight of each new batch in the running statistics.
    public var momentum: Float
    /// Added to the variance before the square root.
    public var epsilon: Float

    /// Collects the state; the defaults are PyTorch's.
    public init(weight: Tensor?, bias: Tensor?, runningMean: Tensor, runningVariance: Tensor, training: Bool,
                momentum: Float = 0.1, epsilon: Float = 1e-5) {
        self.weight = weight
        self.bias = bias
        self.runningMean = runningMean
        self.runningVariance = runningVariance
        self.training = training
        self.momentum = momentum
        self.epsilon = epsilon
    }
}
