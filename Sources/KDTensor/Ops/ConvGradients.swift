import Foundation

/// Where a convolution's backward pass writes; each pointer is `nil` when that gradient is not
/// needed. The weight and bias gradients arrive zero-filled and are accumulated into; the
/// input gradient arrives uninitialised and is overwritten.
struct ConvGradients {
    let input: UnsafeMutablePointer<Float>?
    let weight: UnsafeMutablePointer<Float>?
    let bias: UnsafeMutablePointer<Float>?

    /// Adds the weight and bias gradients of the whole batch, computed by `body` piece by piece
    /// in parallel: each piece of samples sums into its own zeroed buffer (`weightSize` weight
    /// values, then `biasSize` bias values), and the buffers are added here in batch order, so
    /// the sum (and a resumed training run) does not depend on which core finished first.
    func accumulateParameterGradients(batch: Int, grain: Int, weightSize: Int, biasSize: Int,
                                      _ body: (_ samples: Range<Int>, _ partial: UnsafeMutablePointer<Float>) -> Void) {
        let lock = NSLock()
        var partials: [(firstSample: Int, values: [Float])] = []
        parallelOverBatch(batch, grain: grain) { samples in
            var values = [Float](repeating: 0, count: weightSize + biasSize)
            values.withUnsafeMutableBufferPointer { body(samples, $0.baseAddress!) }
            lock.lock()
            defer { lock.unlock() }
            partials.append((samples.lowerBound, values))
        }
        for (_, values) in partials.sorted(by: { $0.firstSample < $1.firstSample }) {
            if let weight {
                for i in 0..<weightSize { weight[i] += values[i] }
            }
            if let bias {
                for o in 0..<biasSize { bias[o] += values[weightSize + o] }
            }
        }
    }
}
