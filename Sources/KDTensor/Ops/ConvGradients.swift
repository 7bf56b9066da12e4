/// Where a convolution's backward pass writes; each pointer is `nil` when that gradient is not
/// needed. The weight and bias gradients arrive zero-filled and are accumulated into; the
/// input gradient arrives uninitialised and is overwritten.
struct ConvGradients {
    let input: UnsafeMutablePointer<Float>?
    let weight: UnsafeMutablePointer<Float>?
    let bias: UnsafeMutablePointer<Float>?

    /// Adds the weight and bias gradients of the whole batch, computed by `body` piece by piece
    /// in parallel, each piece into its own zeroed buffer (`weightSize` weight values, then
    /// `biasSize` bias values), added in batch order (``OrderedPartialSums``).
    func accumulateParameterGradients(batch: Int, grain: Int, weightSize: Int, biasSize: Int,
                                      _ body: (_ samples: Range<Int>, _ partial: UnsafeMutablePointer<Float>) -> Void) {
        let sums = OrderedPartialSums(count: weightSize + biasSize)
        parallelOverBatch(batch, grain: grain) { samples in
            sums.accumulate(key: samples.lowerBound) { body(samples, $0) }
        }
        if let weight { sums.add(into: weight, from: 0, count: weightSize) }
        if let bias { sums.add(into: bias, from: weightSize, count: biasSize) }
    }
}
