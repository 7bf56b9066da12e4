import KDTensor

/// Batch normalisation over axis 1 (PyTorch's `_BatchNorm`); use ``BatchNorm1d`` or
/// ``BatchNorm2d``. Training normalises with the batch statistics and updates the running
/// ones in place; evaluation uses the running statistics.
///
/// State follows PyTorch's names: `weight` (ones), `bias` (zeros) when affine, and the buffers
/// `running_mean` (zeros), `running_var` (ones) and `num_batches_tracked`. The latter is an
/// integer counter in PyTorch; here it is a Float scalar `[]` (exact up to 2²⁴ batches).
public class BatchNorm: Layer, ModeDependent {
    /// `[features]`, or `nil` when built with `affine: false`.
    @Parameter public var weight: Tensor?
    /// `[features]`, or `nil` when built with `affine: false`.
    @Parameter public var bias: Tensor?
    /// `running_mean`, `[features]`.
    @Buffer public var runningMean: Tensor
    /// `running_var` (unbiased), `[features]`.
    @Buffer public var runningVar: Tensor
    /// `num_batches_tracked`, a Float scalar counting training batches.
    @Buffer public var numBatchesTracked: Tensor
    /// The weight of each new batch in the running statistics.
    public let momentum: Float
    /// Added to the variance before the square root.
    public let epsilon: Float
    public var isTraining = true
    /// The input ranks this variant accepts, for the error message of a misuse.
    private let acceptedRanks: Set<Int>

    init(features: Int, momentum: Float, epsilon: Float, affine: Bool, acceptedRanks: Set<Int>) {
        weight = affine ? Tensor.ones([features]) : nil
        bias = affine ? Tensor.zeros([features]) : nil
        runningMean = Tensor.zeros([features])
        runningVar = Tensor.ones([features])
        numBatchesTracked = Tensor(0)
        self.momentum = momentum
        self.epsilon = epsilon
        self.acceptedRanks = acceptedRanks
    }

    /// The number of channels.
    public var features: Int { runningMean.count }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        callAsFunction(input, adding: nil, clamp: nil)
    }

    /// `clamp(self(input) + residual)` in one pass over the output: a ResNet block's end.
    public func callAsFunction(_ input: Tensor, adding residual: Tensor?, clamp: OutputClamp?) -> Tensor {
        input.batchNorm(state(normalizing: input), adding: residual, outputClamp: clamp)
    }

    /// The parameters, statistics and mode that normalise `input`, after checking its shape;
    /// in training, counts the batch.
    func state(normalizing input: Tensor) -> BatchNormState {
        precondition(acceptedRanks.contains(input.rank) && input.shape[1] == features,
                     "\(type(of: self)): input \(Shape.describe(input.shape)) should have rank \(acceptedRanks.sorted()) and \(features) channels")
        if isTraining { numBatchesTracked.pointer[0] += 1 }
        return BatchNormState(weight: weight, bias: bias, runningMean: runningMean, runningVariance: runningVar,
                              training: isTraining, momentum: momentum, epsilon: epsilon)
    }

    /// The evaluation-mode normalisation folded into the convolution before it: per output
    /// channel `o`, with `scale = weight[o] / √(running_var[o] + ε)`, the filter times `scale` and
    /// the bias `(bias[o] - running_mean[o])·scale + this.bias[o]`. Plain tensors, not recorded.
    func folded(into conv: Conv2d) -> (weight: Tensor, bias: Tensor) {
        precondition(conv.outChannels == features,
                     "\(type(of: self)): cannot fold \(features) channels into a convolution of \(conv.outChannels)")
        let filter = conv.weight.count / features
        let weight = Tensor(uninitializedShape: conv.weight.shape), bias = Tensor(uninitializedShape: [features])
        let source = conv.weight.pointer, target = weight.pointer
        for o in 0..<features {
            let scale = 1 / (runningVar.pointer[o] + epsilon).squareRoot() * (self.weight?.pointer[o] ?? 1)
            for i in (o * filter)..<((o + 1) * filter) { target[i] = source[i] * scale }
            bias.pointer[o] = ((conv.bias?.pointer[o] ?? 0) - runningMean.pointer[o]) * scale + (self.bias?.pointer[o] ?? 0)
        }
        return (weight, bias)
    }
}
