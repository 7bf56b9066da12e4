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
                let scale = inverses[c] * (gamma?[c] ?? 1)
                layout.affine(channel: c, x, scale: scale, shift: (beta?[c] ?? 0) - means[c] * scale, into: y)
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
                    let (sumDy, sumDyCentred) = layout.gradientSums(channel: c, dy, x, mean: average)
                    let sumDyXhat = sumDyCentred * inverse
                    gradWeight?.pointer[c] = sumDyXhat
                    gradBias?.pointer[c] = sumDy
                    guard let dx else { continue }
                    let scale = inverse * (gamma?[c] ?? 1)
                    // Training: the batch statistics depend on x too, which removes the gradient's
                    // mean and its projection onto x̂ = (x - mean)·inverse. Evaluation: a fixed
                    // affine map. Either way dx = scale·dy + slope·(x - mean) + offset; centring
                    // x before the multiply matters: when a channel's spread is tiny, `slope` is
                    // huge and slope·x - slope·mean would cancel away the gradient's digits.
                    let meanDy = training ? sumDy / Float(perChannel) : 0
                    let meanDyXhat = training ? sumDyXhat / Float(perChannel) : 0
                    layout.combine(channel: c, dy, scale: scale, x, centredOn: average,
                                   slope: -scale * meanDyXhat * inverse, offset: -scale * meanDy, into: dx)
                }
            }
            return [gradInput] + (weight == nil ? [] : [gradWeight]) + (bias == nil ? [] : [gradBias])
        }
    }
}

/// The `[N, C, inner]` view batch normalisation works in: each channel is `batch` contiguous
/// runs of `inner` floats. Sums run in eight float lanes within a run (see ``SIMDLoops``) and
/// in Double across runs, so large batches do not lose precision.
private struct ChannelLayout {
    let batch: Int
    let channels: Int
    let inner: Int

    private func run(_ n: Int, _ c: Int) -> Int { (n * channels + c) * inner }

    /// The mean and biased variance of channel `c`, in two passes: the variance sums squares of
    /// `x - mean`. A one-pass form (`E[(x-k)²] - E[x-k]²`) reads the channel once, but its
    /// rounding makes the variance a visibly noisy function of x, which finite-difference checks
    /// of whole networks (mobilenetv2) caught as a 7% gradient mismatch.
    func statistics(channel c: Int, _ x: UnsafePointer<Float>) -> (mean: Float, variance: Float) {
        let count = Double(batch * inner)
        let mean = Float(sum(channel: c, of: x, { p, i in SIMDLoops.load(p + i) }, { p, i in p[i] }) / count)
        let meanLanes = SIMD8<Float>(repeating: mean)
        let squares = sum(channel: c, of: x, { p, i in
            let d = SIMDLoops.load(p + i) - meanLanes
            return d * d
        }, { p, i in (p[i] - mean) * (p[i] - mean) })
        return (mean, Float(squares / count))
    }

    /// `Σ term` over channel `c` of `x`: eight float lanes within each contiguous run, Double
    /// across runs.
    @inline(__always)
    private func sum(channel c: Int, of x: UnsafePointer<Float>, _ vector: (UnsafePointer<Float>, Int) -> SIMD8<Float>,
                     _ scalar: (UnsafePointer<Float>, Int) -> Float) -> Double {
        var total: Double = 0
        for n in 0..<batch {
            let p = x + run(n, c)
            var lanes = SIMD8<Float>(), tail: Float = 0
            var i = 0
            while i + 8 <= inner {
                lanes += vector(p, i)
                i += 8
            }
            while i < inner {
                tail += scalar(p, i)
                i += 1
            }
            total += Double(lanes.sum() + tail)
        }
        return total
    }

    /// `Σ dy` and `Σ dy·(x - mean)` over channel `c`, in one pass.
    func gradientSums(channel c: Int, _ dy: UnsafePointer<Float>, _ x: UnsafePointer<Float>,
                      mean: Float) -> (dy: Float, dyCentred: Float) {
        let meanLanes = SIMD8<Float>(repeating: mean)
        var sum: Double = 0, products: Double = 0
        for n in 0..<batch {
            let offset = run(n, c), g = dy + offset, p = x + offset
            var lanes = SIMD8<Float>(), productLanes = SIMD8<Float>()
            var i = 0
            while i + 8 <= inner {
                let d = SIMDLoops.load(g + i)
                lanes += d
                productLanes += d * (SIMDLoops.load(p + i) - meanLanes)
                i += 8
            }
            var tail: Float = 0, productTail: Float = 0
            while i < inner {
                tail += g[i]
                productTail += g[i] * (p[i] - mean)
                i += 1
            }
            sum += Double(lanes.sum() + tail)
            products += Double(productLanes.sum() + productTail)
        }
        return (Float(sum), Float(products))
    }

    /// `y = x·scale + shift` over channel `c`.
    func affine(channel c: Int, _ x: UnsafePointer<Float>, scale: Float, shift: Float, into y: UnsafeMutablePointer<Float>) {
        for n in 0..<batch {
            let offset = run(n, c), source = x + offset, target = y + offset
            for i in 0..<inner { target[i] = source[i] * scale + shift }
        }
    }

    /// `out = a·scale + (b - centre)·slope + offset` over channel `c`.
    func combine(channel c: Int, _ a: UnsafePointer<Float>, scale: Float, _ b: UnsafePointer<Float>, centredOn centre: Float,
                 slope: Float, offset: Float, into out: UnsafeMutablePointer<Float>) {
        for n in 0..<batch {
            let start = run(n, c), pa = a + start, pb = b + start, target = out + start
            for i in 0..<inner { target[i] = pa[i] * scale + (pb[i] - centre) * slope + offset }
        }
    }
}
