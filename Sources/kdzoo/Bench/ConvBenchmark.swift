import KDTensor

/// Throughput of the 3x3 convolutions in WRN-16-2's blocks (stride 1, padding 1, as many output
/// as input channels: 32, 64 and 128) by im2col + GEMM and by Winograd, next to OpenBLAS sgemm
/// measured in the same run: on the GEMM each convolution lowers to (`[C, C·9] · [C·9, N·H·W]`,
/// one call over the whole batch) and on a large square GEMM (the machine's practical peak).
/// Winograd's throughput counts the direct convolution's flops (the convention), so it can
/// exceed sgemm's.
struct ConvBenchmark {
    /// One convolution shape: channels and square image size.
    struct Layer: Codable {
        let channels: Int
        let size: Int
    }

    /// Measured throughput of one layer, in GFLOP/s (2 flops per multiply-add).
    struct Result: Encodable {
        let layer: Layer
        let batch: Int
        /// im2col + GEMM.
        let forwardGflops: Double
        /// Input and weight gradients together (twice the forward work), by im2col + GEMM.
        let backwardGflops: Double
        /// Winograd F(4x4, 3x3), in direct-convolution flops per second.
        let winogradForwardGflops: Double
        /// Input and weight gradients by Winograd (the weight gradient by its adjoint).
        let winogradBackwardGflops: Double
        /// sgemm on the same-size GEMM.
        let sgemmGflops: Double
        let forwardRatio: Double
        let backwardRatio: Double
        /// Winograd's speed-up over im2col + GEMM.
        let winogradForwardSpeedup: Double
        let winogradBackwardSpeedup: Double
    }

    /// Everything one `kdzoo bench` run measured.
    struct Report: Encodable {
        let layers: [Result]
        /// sgemm on square matrices of this size, for context.
        let peakSgemmSize: Int
        let peakSgemmGflops: Double
        let cores: Int
        let repeats: Int
        /// The one-minute load average before the run: near or above `cores`, other processes
        /// competed for the cores and every figure is an underestimate.
        let loadAverage: Double?
    }

    static let wrn16x2: [Layer] = [Layer(channels: 32, size: 32), Layer(channels: 64, size: 16), Layer(channels: 128, size: 8)]
    static let peakSize = 1024

    let batch: Int
    let repeats: Int

    func run(_ layers: [Layer]) -> Report {
        let load = SystemLoad.oneMinuteAverage()
        // All convolutions first: OpenBLAS's own threads keep spinning for a while after an
        // sgemm call and would steal cycles from the convolution's workers.
        let convolutions = layers.map(measureConvolution)
        let results = zip(layers, convolutions).map { layer, seconds in
            let flops = forwardFlops(layer)
            let sgemm = flops / measureSgemm(m: layer.channels, n: batch * layer.size * layer.size, k: layer.channels * 9) / 1e9
            let columns = seconds.columns, winograd = seconds.winograd
            let forward = flops / columns.forward / 1e9, backward = 2 * flops / columns.backward / 1e9
            return Result(layer: layer, batch: batch, forwardGflops: forward, backwardGflops: backward,
                          winogradForwardGflops: flops / winograd.forward / 1e9,
                          winogradBackwardGflops: 2 * flops / winograd.backward / 1e9, sgemmGflops: sgemm,
                          forwardRatio: forward / sgemm, backwardRatio: backward / sgemm,
                          winogradForwardSpeedup: columns.forward / winograd.forward,
                          winogradBackwardSpeedup: columns.backward / winograd.backward)
        }
        let size = Self.peakSize
        let peak = 2 * Double(size * size * size) / measureSgemm(m: size, n: size, k: size) / 1e9
        return Report(layers: results, peakSgemmSize: size, peakSgemmGflops: peak, cores: ProcessorCount.value, repeats: repeats,
                      loadAverage: load)
    }

    private func forwardFlops(_ layer: Layer) -> Double {
        2 * Double(batch * layer.channels * layer.size * layer.size) * Double(layer.channels * 9)
    }

    /// Median seconds of the forward pass and of the backward kernel (input and weight
    /// gradients), by each algorithm; the two alternate run by run, so that a burst of load
    /// from other processes hits both alike.
    private func measureConvolution(_ layer: Layer) -> (columns: (forward: Double, backward: Double),
                                                        winograd: (forward: Double, backward: Double)) {
        var generator = SeededGenerator(seed: 1)
        let c = layer.channels, size = layer.size
        let x = Tensor.randomUniform([batch, c, size, size], low: -1, high: 1, using: &generator, requiresGrad: true)
        let w = Tensor.randomUniform([c, c, 3, 3], low: -0.1, high: 0.1, using: &generator, requiresGrad: true)
        let forward = Stopwatch.alternatingMedians(repeats: repeats, [ConvAlgorithm.columns, .winograd].map { algorithm in
            { _ = noGrad { x.conv2d(weight: w, padding: 1, algorithm: algorithm) } }
        })
        // The recorded backward closure alone, without the graph walk around it.
        let seed = Tensor.randomUniform([batch, c, size, size], low: -1, high: 1, using: &generator)
        let backward = Stopwatch.alternatingMedians(repeats: repeats, [ConvAlgorithm.columns, .winograd].map { algorithm in
            let y = x.conv2d(weight: w, padding: 1, algorithm: algorithm)
            return { _ = noGrad { y.gradFn!.backward(seed) } }
        })
        return ((forward[0], backward[0]), (forward[1], backward[1]))
    }

    /// Median seconds of one `m x k · k x n` sgemm with OpenBLAS's own threading.
    private func measureSgemm(m: Int, n: Int, k: Int) -> Double {
        var generator = SeededGenerator(seed: 2)
        let a = Tensor.randomUniform([m, k], using: &generator), b = Tensor.randomUniform([k, n], using: &generator)
        let product = Tensor(uninitializedShape: [m, n])
        return Stopwatch.median(repeats: repeats) {
            gemm(a.pointer, transposeA: false, b.pointer, transposeB: false, into: product.pointer, m: m, n: n, k: k)
        }
    }
}
