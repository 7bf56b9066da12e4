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
    public func batchNorm(weight: Tensor?, bias: Tensor?, runningMean: Tensor, runningVariance: Tensor,
                          training: Bool, momentum: Float = 0.1, epsilon: Float = 1e-5) -> Tensor {
        precondition(rank >= 2, "batchNorm: input must be [N, C] or [N, C, *], got \(Shape.describe(shape))")
        let batch = shape[0], channels = shape[1], inner = Shape.count(Array(shape[2...]))
        for (name, tensor) in [("weight", weight), ("bias", bias), ("runningMean", runningMean), ("runningVariance", runningVariance)] {
            if let tensor {
                precondition(tensor.shape == [channels],
                             "batchNorm: \(name) must be [\(channels)] for input \(Shape.describe(shape)), got \(Shape.describe(tensor.shape))")
            }
        }
        let perChannel = batch * inner, layout = ChannelLayout(batch: batch, channels: channels, inner: inner)
        precondition(!training || perChannel > 1,
                     "batchNorm: training needs more than one value per channel, input is \(Shape.describe(shape))")

        // Per channel: the mean and 1/std used, then the affine map y = x·scale + shift.
        let usedMean = Tensor(uninitializedShape: [channels]), usedInverseStd = Tensor(uninitializedShape: [channels])
        let output = Tensor(uninitializedShape: shape)
        let x = pointer, y = output.pointer, means = usedMean.pointer, inverses = usedInverseStd.pointer
        let gamma = weight?.pointer, beta = bias?.pointer
        let runMean = runningMean.pointer, runVariance = runningVariance.pointer
        parallelFor(channels) { range in
            for c in range {
                if training {
                    let average = Float(layout.sum(channel: c, { SIMDLoops.load(x + $0) }, { x[$0] }) / Double(perChannel))
                    let centred = { (i: Int) -> SIMD8<Float> in SIMDLoops.load(x + i) - average }
                    let squares = layout.sum(channel: c, { centred($0) * centred($0) }, { (x[$0] - average) * (x[$0] - average) })
                    let variance = Float(squares / Double(perChannel))
                    means[c] = average
                    inverses[c] = 1 / (variance + epsilon).squareRoot()
                    runMean[c] = (1 - momentum) * runMean[c] + momentum * average
                    let unbiased = variance * Float(perChannel) / Float(perChannel - 1)
                    runVariance[c] = (1 - momentum) * runVariance[c] + momentum * unbiased
                } else {
                    means[c] = runMean[c]
                    inverses[c] = 1 / (runVariance[c] + epsilon).squareRoot()
                }
                let scale = inverses[c] * (gamma?[c] ?? 1)
                let shift = (beta?[c] ?? 0) - means[c] * scale
                for n in 0..<batch {
                    let offset = (n * channels + c) * inner
                    for i in 0..<inner { y[offset + i] = x[offset + i] * scale + shift }
                }
            }
        }

        let input = self
        let inputs = [self] + [weight, bias].compactMap { $0 }
        return output.recorded("batchNorm", inputs: inputs) { g in
            let gradInput = input.requiresGrad ? Tensor(uninitializedShape: input.shape) : nil
            let gradWeight = weight?.requiresGrad == true ? Tensor(uninitializedShape: [channels]) : nil
            let gradBias = bias?.requiresGrad == true ? Tensor(uninitializedShape: [channels]) : nil
            let dy = g.pointer, dx = gradInput?.pointer
            let means = usedMean.pointer, inverses = usedInverseStd.pointer
            parallelFor(channels) { range in
                for c in range {
                    let average = means[c], inverse = inverses[c]
                    let sumDy = Float(layout.sum(channel: c, { SIMDLoops.load(dy + $0) }, { dy[$0] }))
                    // Σ dy·x̂ over the channel, x̂ = (x - mean)·inverse.
                    let sumDyXhat = Float(layout.sum(channel: c, { SIMDLoops.load(dy + $0) * (SIMDLoops.load(x + $0) - average) },
                                                     { dy[$0] * (x[$0] - average) })) * inverse
                    gradWeight?.pointer[c] = sumDyXhat
                    gradBias?.pointer[c] = sumDy
                    guard let dx else { continue }
                    let scale = inverse * (gamma?[c] ?? 1)
                    // Training: the batch statistics depend on x too, which removes the gradient's
                    // mean and its projection onto x̂. Evaluation: a fixed affine map.
                    let meanDy = training ? sumDy / Float(perChannel) : 0
                    let meanDyXhat = training ? sumDyXhat / Float(perChannel) : 0
                    for n in 0..<batch {
                        let offset = (n * channels + c) * inner
                        for i in 0..<inner {
                            let xhat = (x[offset + i] - average) * inverse
                            dx[offset + i] = scale * (dy[offset + i] - meanDy - xhat * meanDyXhat)
                        }
                    }
                }
            }
            return [gradInput] + (weight == nil ? [] : [gradWeight]) + (bias == nil ? [] : [gradBias])
        }
    }
}

/// The `[N, C, inner]` view batch normalisation works in.
private struct ChannelLayout {
    let batch: Int
    let channels: Int
    let inner: Int

    /// `Σ term(offset)` over the element offsets of channel `c` (`vector` gives eight
    /// consecutive terms, see ``SIMDLoops``): Float within each contiguous run, Double across
    /// runs, so large batches do not lose precision.
    @inline(__always)
    func sum(channel c: Int, _ vector: (Int) -> SIMD8<Float>, _ scalar: (Int) -> Float) -> Double {
        var total: Double = 0
        for n in 0..<batch {
            let start = (n * channels + c) * inner
            total += Double(SIMDLoops.sum(count: inner, { vector(start + $0) }, { scalar(start + $0) }))
        }
        return total
    }
}
