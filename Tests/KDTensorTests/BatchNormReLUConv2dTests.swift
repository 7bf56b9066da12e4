import KDTensor
import KDTestSupport
import XCTest

/// The fused batch norm, ReLU and convolution must be the three ops it replaces, value for
/// value and gradient for gradient, while keeping one activation fewer.
final class BatchNormReLUConv2dTests: XCTestCase {
    /// A batch norm (with its own running statistics) and a convolution, and their parameters.
    struct Layers {
        let gamma: Tensor, beta: Tensor, runningMean: Tensor, runningVariance: Tensor
        let weight: Tensor, bias: Tensor?
        let stride: Size2D, groups: Int
        let training: Bool

        init(channels: Int, outChannels: Int, kernel: Int, stride: Size2D = 1, groups: Int = 1, bias: Bool,
             training: Bool, seed: UInt64) {
            var generator = SeededGenerator(seed: seed)
            gamma = Tensor.randomUniform([channels], low: 0.5, high: 1.5, using: &generator, requiresGrad: true)
            beta = Tensor.randomUniform([channels], low: -0.5, high: 0.5, using: &generator, requiresGrad: true)
            runningMean = Tensor.randomUniform([channels], low: -0.2, high: 0.2, using: &generator)
            runningVariance = Tensor.randomUniform([channels], low: 0.5, high: 2, using: &generator)
            weight = Tensor.randomUniform([outChannels, channels / groups, kernel, kernel], low: -0.3, high: 0.3,
                                          using: &generator, requiresGrad: true)
            self.bias = bias ? Tensor.randomUniform([outChannels], low: -0.1, high: 0.1, using: &generator, requiresGrad: true) : nil
            self.stride = stride
            self.groups = groups
            self.training = training
        }

        var parameters: [Tensor] { [gamma, beta, weight] + (bias.map { [$0] } ?? []) }

        func fused(_ x: Tensor) -> Tensor {
            let norm = BatchNormState(weight: gamma, bias: beta, runningMean: runningMean,
                                      runningVariance: runningVariance, training: training)
            let padding = Size2D(weight.shape[2] / 2, weight.shape[3] / 2)
            return x.batchNormReLUConv2d(norm, weight: weight, bias: bias, stride: stride, padding: padding, groups: groups)
        }

        func unfused(_ x: Tensor) -> Tensor {
            let padding = Size2D(weight.shape[2] / 2, weight.shape[3] / 2)
            return x.batchNorm(weight: gamma, bias: beta, runningMean: runningMean, runningVariance: runningVariance,
                               training: training)
                .relu()
                .conv2d(weight: weight, bias: bias, stride: stride, padding: padding, groups: groups)
        }
    }

    /// Output, running statistics and every gradient of `fused` and `unfused` on the same input.
    func assertFusedMatchesUnfused(_ make: () -> Layers, input shape: [Int], file: StaticString = #filePath, line: UInt = #line) {
        var generator = SeededGenerator(seed: 21)
        let data = Tensor.randomNormal(shape, using: &generator)
        let seed = Tensor.randomNormal(make().unfused(data).shape, using: &generator)
        func run(_ layers: Layers, _ forward: (Layers, Tensor) -> Tensor) -> [Tensor] {
            let x = data.copy()
            x.requiresGrad = true
            let y = forward(layers, x)
            (y * seed).sum().backward()
            return [y, layers.runningMean, layers.runningVariance, x.grad!] + layers.parameters.map { $0.grad! }
        }
        let fused = run(make()) { $0.fused($1) }, unfused = run(make()) { $0.unfused($1) }
        let names = ["output", "running mean", "running variance", "input gradient", "gamma gradient", "beta gradient",
                     "weight gradient", "bias gradient"]
        for (name, (a, b)) in zip(names, zip(fused, unfused)) {
            XCTAssertEqual(a.shape, b.shape, name, file: file, line: line)
            XCTAssertEqual(a.scalars, b.scalars, "\(name) differs from the unfused ops'", file: file, line: line)
        }
    }

    func testTrainingMatchesTheUnfusedOpsOnEveryConvolutionKernel() {
        // Winograd (3x3, stride 1, 16 channels), im2col + GEMM (stride 2), pointwise, depthwise.
        // 11 columns and 20 channels: Winograd gathers eight columns and eight channels at once, then the rest.
        assertFusedMatchesUnfused({ Layers(channels: 16, outChannels: 16, kernel: 3, bias: false, training: true, seed: 1) },
                                  input: [3, 16, 9, 11])
        assertFusedMatchesUnfused({ Layers(channels: 20, outChannels: 16, kernel: 3, bias: false, training: true, seed: 9) },
                                  input: [2, 20, 8, 9])
        assertFusedMatchesUnfused({ Layers(channels: 4, outChannels: 6, kernel: 3, stride: 2, bias: true, training: true, seed: 2) },
                                  input: [3, 4, 9, 7])
        assertFusedMatchesUnfused({ Layers(channels: 4, outChannels: 6, kernel: 1, bias: true, training: true, seed: 3) },
                                  input: [2, 4, 5, 5])
        assertFusedMatchesUnfused({ Layers(channels: 8, outChannels: 8, kernel: 3, groups: 8, bias: false, training: true, seed: 4) },
                                  input: [2, 8, 6, 6])
    }

    func testEvaluationMatchesTheUnfusedOps() {
        assertFusedMatchesUnfused({ Layers(channels: 16, outChannels: 16, kernel: 3, bias: true, training: false, seed: 5) },
                                  input: [2, 16, 8, 8])
    }

    func testGradientsMatchFiniteDifferences() {
        let layers = Layers(channels: 3, outChannels: 4, kernel: 3, bias: true, training: true, seed: 6)
        var generator = SeededGenerator(seed: 22)
        let x = Tensor.randomNormal([2, 3, 5, 4], using: &generator)
        // Training-mode statistics make every output depend on every input: the check sees the
        // mean and variance terms as well as the ReLU mask and the convolution.
        let (error, location) = GradientCheck.maxError(at: [x] + layers.parameters, epsilon: 1e-2, skippingKinks: true) {
            inputs in
            let norm = BatchNormState(weight: inputs[1], bias: inputs[2], runningMean: layers.runningMean.copy(),
                                      runningVariance: layers.runningVariance.copy(), training: true)
            return inputs[0].batchNormReLUConv2d(norm, weight: inputs[3], bias: inputs[4], padding: 1)
        }
        XCTAssertLessThan(error, 2e-2, "gradient mismatch at \(location)")
    }

    func testAResidualIsAddedAsTheUnfusedSumAndGetsItsGradient() {
        var generator = SeededGenerator(seed: 25)
        let data = Tensor.randomNormal([2, 16, 6, 6], using: &generator)
        let shortcut = Tensor.randomNormal([2, 16, 6, 6], using: &generator)
        let seed = Tensor.randomNormal([2, 16, 6, 6], using: &generator)
        func run(_ forward: (Layers, Tensor, Tensor) -> Tensor) -> [Tensor] {
            let layers = Layers(channels: 16, outChannels: 16, kernel: 3, bias: false, training: true, seed: 8)
            let x = data.copy(), residual = shortcut.copy()
            x.requiresGrad = true
            residual.requiresGrad = true
            (forward(layers, x, residual) * seed).sum().backward()
            return [forward(layers, x, residual), x.grad!, residual.grad!, layers.weight.grad!]
        }
        let fused = run { layers, x, residual in
            let norm = BatchNormState(weight: layers.gamma, bias: layers.beta, runningMean: layers.runningMean,
                                      runningVariance: layers.runningVariance, training: true)
            return x.batchNormReLUConv2d(norm, weight: layers.weight, padding: 1, adding: residual)
        }
        let unfused = run { layers, x, residual in layers.unfused(x) + residual }
        for (name, (a, b)) in zip(["output", "input gradient", "residual gradient", "weight gradient"], zip(fused, unfused)) {
            XCTAssertEqual(a.scalars, b.scalars, "\(name) differs from the unfused ops'")
        }
    }

    func testNoGradientIsComputedForInputsThatNeedNone() {
        let layers = Layers(channels: 4, outChannels: 4, kernel: 3, bias: false, training: true, seed: 7)
        layers.gamma.requiresGrad = false
        layers.beta.requiresGrad = false
        var generator = SeededGenerator(seed: 23)
        let x = Tensor.randomNormal([2, 4, 6, 6], using: &generator)
        layers.fused(x).sum().backward()
        XCTAssertNotNil(layers.weight.grad)
        XCTAssertNil(layers.gamma.grad)
        XCTAssertNil(x.grad)
    }

    /// Ten fused layers keep about one activation each (their inputs); the unfused chain of
    /// `GraphLifetimeTests` keeps two.
    func testATrainingStepHoldsOneActivationPerLayer() {
        let layers = (0..<10).map { Layers(channels: 8, outChannels: 8, kernel: 3, bias: false, training: true, seed: UInt64(30 + $0)) }
        let shape = [4, 8, 16, 16]
        var generator = SeededGenerator(seed: 24)
        let images = Tensor.randomNormal(shape, using: &generator)
        let projection = Tensor.randomNormal(shape, using: &generator)
        func step() {
            var h = images
            for layer in layers { h = layer.fused(h) }
            (h * projection).sum().backward()
        }
        let (held, leaked) = activationsHeld(by: step, activationShape: shape)
        // One per layer plus the seed, the gradients in flight and the recomputed activation;
        // keeping the ReLU's output as well would be 20 and more.
        XCTAssertLessThanOrEqual(held, Double(layers.count + 6), "peak of \(held) activations for \(layers.count) layers")
        // A leaked graph would keep every layer's input; the kernels' scratch pool may keep
        // one more buffer when the workers happened to overlap differently.
        XCTAssertLessThan(leaked, layers.count / 2 * Shape.count(shape) * MemoryLayout<Float>.stride,
                          "a training step leaked tensor memory")
    }
}
