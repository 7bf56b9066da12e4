import Foundation

extension Tensor {
    /// Batch normalisation over axis 1 of `[N, C]` or `[N, C, *]` inputs, as PyTorch's `batch_norm`.
    ///
    /// Training normalises each channel with the mean and biased variance over every other
    /// axis, and updates the running statistics in place:
    /// `running = (1 - momentum) · running + momentum · batch`, using the unbiased variance
    /// for `runningVariance`. Evaluation normalises with the running statistics.
    /// `weight` and `bias` (`[C]`) scale and shift the result; pass `nil` for no affine part.
    /// Differentiable in the input, weight and bias (the running statistics are buffers).
    /// `residual` (shaped as the input) is added and `outputClamp` (a ReLU) applied as each
    /// channel is written: a ResNet block's `(bn2(x) + shortcut).relu()` in one pass instead of three.
    public func batchNorm(weight: Tensor?, bias: Tensor?, runningMean: Tensor, runningVariance: Tensor,
                          training: Bool, momentum: Float = 0.1, epsilon: Float = 1e-5,
                          adding residual: Tensor? = nil, outputClamp: OutputClamp? = nil) -> Tensor {
        if let residual {
            precondition(residual.shape == shape,
                         "batchNorm: residual \(Shape.describe(residual.shape)) must match the input \(Shape.describe(shape))")
        }
        let output = Tensor(uninitializedShape: shape)
        let pass = BatchNormPass(normalizing: self, weight: weight, bias: bias, runningMean: runningMean,
                                 runningVariance: runningVariance, training: training, momentum: momentum,
                                 epsilon: epsilon, epilogue: OutputEpilogue(residual: residual?.pointer, clamp: outputClamp),
                                 into: output.pointer)
        let input = self
        // The output's storage, not the output: the output owns the closure (a cycle).
        let clampedOutput = outputClamp.map { ($0, output.storage) }
        let inputs = [self] + [weight, bias, residual].compactMap { $0 }
        // Whether the residual gets a gradient, not the residual: its values are not needed.
        let residualGradient = residual.map { $0.requiresGrad }
        return output.recorded("batchNorm", inputs: inputs) { g in
            let g = clampedOutput.map { clamp, storage in clamp.gradient(g, output: storage) } ?? g
            let gradients = pass.gradients(g.pointer, input: input.pointer, inputShape: input.requiresGrad ? input.shape : nil)
            return [gradients.input] + (weight == nil ? [] : [gradients.weight]) + (bias == nil ? [] : [gradients.bias])
                + (residualGradient.map { [$0 ? g : nil] } ?? [])
        }
    }

    /// ``batchNorm(weight:bias:runningMean:runningVariance:training:momentum:epsilon:adding:outputClamp:)``
    /// with the parameters, statistics and options gathered in `norm`.
    public func batchNorm(_ norm: BatchNormState, adding residual: Tensor? = nil, outputClamp: OutputClamp? = nil) -> Tensor {
        batchNorm(weight: norm.weight, bias: norm.bias, runningMean: norm.runningMean, runningVariance: norm.runningVariance,
                  training: norm.training, momentum: norm.momentum, epsilon: norm.epsilon, adding: residual,
                  outputClamp: outputClamp)
    }
}

/// One batch normalisation of `[N, C, *]` values: the per-channel mean and inverse standard
/// deviation it used, from which the forward map and every gradient follow. Kept by the
/// backward passes of ``Tensor/batchNorm(weight:bias:runningMean:runningVariance:training:momentum:epsilon:adding:outputClamp:)``
/// and of the fused ``Tensor/batchNormReLUConv2d(_:weight:bias:stride:padding:dilation:groups:)``,
/// which re-applies it to recompute an activation instead of keeping it.
struct BatchNormPass {
    let layout: ChannelLayout
    let training: Bool
    let weight: Tensor?
    let bias: Tensor?
    /// The mean and `1/√(variance + ε)` of each channel: the batch's in training, the running ones in evaluation.
    private let mean: Tensor
    private let inverseStd: Tensor

    /// Normalises `input` into `output`, finished by `epilogue`, updating the running statistics
    /// in training. Each channel's statistics and its output are computed together, while the
    /// channel is still in cache.
    init(normalizing input: Tensor, weight: Tensor?, bias: Tensor?, runningMean: Tensor, runningVariance: Tensor,
         training: Bool, momentum: Float, epsilon: Float, epilogue: OutputEpilogue, into output: UnsafeMutablePointer<Float>) {
        let shape = input.shape
        precondition(shape.count >= 2, "batchNorm: input must be [N, C] or [N, C, *], got \(Shape.describe(shape))")
        let batch = shape[0], channels = shape[1], inner = Shape.count(Array(shape[2...]))
        for (name, tensor) in [("weight", weight), ("bias", bias), ("runningMean", runningMean), ("runningVariance", runningVariance)] {
            if let tensor {
                precondition(tensor.shape == [channels],
                             "batchNorm: \(name) must be [\(channels)] for input \(Shape.describe(shape)), got \(Shape.describe(tensor.shape))")
            }
        }
        let perChannel = batch * inner
        precondition(!training || perChannel > 1,
                     "batchNorm: training needs more than one value per channel, input is \(Shape.describe(shape))")
        layout = ChannelLayout(batch: batch, channels: channels, inner: inner)
        self.training = training
        self.weight = weight
        self.bias = bias
        mean = Tensor(uninitializedShape: [channels])
        inverseStd = Tensor(uninitializedShape: [channels])

        let x = input.pointer, means = mean.pointer, inverses = inverseStd.pointer, layout = layout
        let runMean = runningMean.pointer, runVariance = runningVariance.pointer
        parallelFor(channels) { [self] range in
            for c in range {
                if training {
                    let (average, variance) = layout.statistics(channel: c, x)
                    means[c] = average
                    inverses[c] = 1 / (variance + epsilon).squareRoot()
                    runMean[c] = (1 - momentum) * runMean[c] + momentum * average
                    let unbiased = variance * Float(perChannel) / Float(perChannel - 1)
                    runVariance[c] = (1 - momentum) * runVariance[c] + momentum * unbiased
                } else {
                    means[c] = runMean[c]
                    inverses[c] = 1 / (runVariance[c] + epsilon).squareRoot()
                }
                apply(channel: c, x, epilogue: epilogue, into: output)
            }
        }
    }

    /// Recomputes the output from the same input: `y = x·scale + shift`, finished by `epilogue`.
    func apply(_ x: UnsafePointer<Float>, epilogue: OutputEpilogue, into output: UnsafeMutablePointer<Float>) {
        parallelFor(layout.channels) { range in
            for c in range { apply(channel: c, x, epilogue: epilogue, into: output) }
        }
    }

    private func apply(channel c: Int, _ x: UnsafePointer<Float>, epilogue: OutputEpilogue,
                       into output: UnsafeMutablePointer<Float>) {
        let (scale, shift) = affine(channel: c)
        layout.affine(channel: c, x, scale: scale, shift: shift, epilogue: epilogue, into: output)
    }

    /// Channel `c`'s map `y = x·scale + shift`.
    private func affine(channel c: Int) -> (scale: Float, shift: Float) {
        let scale = inverseStd.pointer[c] * (weight?.pointer[c] ?? 1)
        return (scale, (bias?.pointer[c] ?? 0) - mean.pointer[c] * scale)
    }

    /// The gradients of the input (shaped `inputShape`, `nil` for none), weight and bias (when
    /// they require one) from the output gradient `dy` and the input `x`; when `rectified`, `dy`
    /// is the gradient after a ReLU on the output, which it passes where the output is positive.
    func gradients(_ dy: UnsafePointer<Float>, input x: UnsafePointer<Float>, inputShape: [Int]?,
                   rectified: Bool = false) -> (input: Tensor?, weight: Tensor?, bias: Tensor?) {
        let channels = layout.channels
        let gradInput = inputShape.map { Tensor(uninitializedShape: $0) }
        let gradWeight = weight?.requiresGrad == true ? Tensor(uninitializedShape: [channels]) : nil
        let gradBias = bias?.requiresGrad == true ? Tensor(uninitializedShape: [channels]) : nil
        let targets = (input: gradInput?.pointer, weight: gradWeight?.pointer, bias: gradBias?.pointer)
        parallelFor(channels) { range in
            for c in range {
                if rectified {
                    let (scale, shift) = affine(channel: c)
                    gradients(channel: c, dy, x, gate: ReLUGradient(scale: scale, shift: shift), into: targets)
                } else {
                    gradients(channel: c, dy, x, gate: PassGradient(), into: targets)
                }
            }
        }
        return (gradInput, gradWeight, gradBias)
    }

    private func gradients<Gate: GradientGate>(
        channel c: Int, _ dy: UnsafePointer<Float>, _ x: UnsafePointer<Float>, gate: Gate,
        into targets: (input: UnsafeMutablePointer<Float>?, weight: UnsafeMutablePointer<Float>?, bias: UnsafeMutablePointer<Float>?)
    ) {
        let average = mean.pointer[c], inverse = inverseStd.pointer[c], perChannel = Float(layout.batch * layout.inner)
        let (sumDy, sumDyCentred) = layout.gradientSums(channel: c, dy, x, mean: average, gate: gate)
        let sumDyXhat = sumDyCentred * inverse
        targets.weight?[c] = sumDyXhat
        targets.bias?[c] = sumDy
        guard let dx = targets.input else { return }
        let scale = inverse * (weight?.pointer[c] ?? 1)
        // Training: the batch statistics depend on x too, which removes the gradient's
        // mean and its projection onto x̂ = (x - mean)·inverse. Evaluation: a fixed
        // affine map. Either way dx = scale·dy + slope·(x - mean) + offset; centring
        // x before the multiply matters: when a channel's spread is tiny, `slope` is
        // huge and slope·x - slope·mean would cancel away the gradient's digits.
        let meanDy = training ? sumDy / perChannel : 0
        let meanDyXhat = training ? sumDyXhat / perChannel : 0
        layout.combine(channel: c, dy, scale: scale, x, centredOn: average, slope: -scale * meanDyXhat * inverse,
                       offset: -scale * meanDy, gate: gate, into: dx)
    }
}
