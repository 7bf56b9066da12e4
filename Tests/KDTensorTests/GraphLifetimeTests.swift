import KDTensor
import KDTestSupport
import XCTest

/// A recorded graph must be freed once nothing refers to it: a backward closure that keeps
/// its own output alive makes a reference cycle, and a training loop then leaks every
/// step's activations.
final class GraphLifetimeTests: XCTestCase {
    func assertGraphIsFreed(_ name: String, file: StaticString = #filePath, line: UInt = #line,
                            _ op: (Tensor) -> Tensor) {
        weak var output: Tensor?
        do {
            var generator = SeededGenerator(seed: 1)
            let x = Tensor.randomUniform([2, 2, 4, 4], low: 0.1, high: 1, using: &generator, requiresGrad: true)
            let y = op(x)
            output = y
            y.sum().backward()
        }
        XCTAssertNil(output, "\(name): the graph outlived its last reference", file: file, line: line)
    }

    func testElementwiseAndSoftmaxGraphsAreFreed() {
        assertGraphIsFreed("exp") { $0.exp() }
        assertGraphIsFreed("relu") { $0.relu() }
        assertGraphIsFreed("sigmoid") { $0.sigmoid() }
        assertGraphIsFreed("softmax") { $0.softmax(alongAxis: 1) }
        assertGraphIsFreed("logSoftmax") { $0.logSoftmax(alongAxis: 1) }
    }

    func testConvolutionPoolingAndNormalisationGraphsAreFreed() {
        let weight = Tensor.ones([3, 2, 3, 3], requiresGrad: true)
        assertGraphIsFreed("conv2d") { $0.conv2d(weight: weight, padding: 1) }
        assertGraphIsFreed("maxPool2d") { $0.maxPool2d(kernelSize: 2) }
        assertGraphIsFreed("avgPool2d") { $0.avgPool2d(kernelSize: 2) }
        assertGraphIsFreed("adaptiveAvgPool2d") { $0.adaptiveAvgPool2d(outputSize: 1) }
        let mean = Tensor.zeros([2]), variance = Tensor.ones([2])
        assertGraphIsFreed("batchNorm") {
            $0.batchNorm(weight: nil, bias: nil, runningMean: mean, runningVariance: variance, training: true)
        }
        assertGraphIsFreed("dropout") {
            var generator = SeededGenerator(seed: 2)
            return $0.dropout(probability: 0.5, using: &generator)
        }
    }
}

/// Backward frees what it no longer needs, and the graph keeps only the tensors ops saved.
final class SavedTensorLifetimeTests: XCTestCase {
    func testBackwardFreesSavedActivationsWhileTheLossLives() {
        var generator = SeededGenerator(seed: 3)
        let x = Tensor.randomUniform([2, 2, 4, 4], low: -1, high: 1, using: &generator, requiresGrad: true)
        let weight = Tensor.randomUniform([3, 2, 3, 3], low: -1, high: 1, using: &generator, requiresGrad: true)
        weak var hidden: Tensor?
        let loss: Tensor
        do {
            let activation = (x * 2).relu()
            hidden = activation
            loss = activation.conv2d(weight: weight, padding: 1).sum()
        }
        XCTAssertNotNil(hidden, "the convolution saves its input for the weight gradient")
        loss.backward()
        XCTAssertNil(hidden, "backward kept a saved activation after using it")
        XCTAssertNotNil(weight.grad)
    }

    func testBatchNormOutputFeedingReLUIsNotKept() {
        var generator = SeededGenerator(seed: 4)
        let x = Tensor.randomUniform([2, 2, 4, 4], low: -1, high: 1, using: &generator, requiresGrad: true)
        weak var normalised: Tensor?
        let output: Tensor
        do {
            let n = x.batchNorm(weight: nil, bias: nil, runningMean: .zeros([2]), runningVariance: .ones([2]), training: true)
            normalised = n
            output = n.relu()
        }
        XCTAssertNil(normalised, "the ReLU's gradient needs only its output; the graph kept its input")
        output.sum().backward()
        XCTAssertEqual(x.grad?.shape, x.shape)
    }

    /// Conv -> batch norm -> ReLU, `layers` times: a training step must hold about two
    /// activations per layer (the convolution's output for batch norm, the ReLU's output for
    /// the ReLU and the next convolution), not every intermediate until backward ends.
    func testPeakLiveBytesOfATrainingStepStayNearTwoActivationsPerLayer() {
        let layers = 10, shape = [4, 8, 16, 16]
        var generator = SeededGenerator(seed: 5)
        let weights = (0..<layers).map { _ in
            Tensor.randomUniform([8, 8, 3, 3], low: -0.2, high: 0.2, using: &generator, requiresGrad: true)
        }
        let (gammas, betas) = (weights.map { _ in Tensor.ones([8], requiresGrad: true) },
                               weights.map { _ in Tensor.zeros([8], requiresGrad: true) })
        let (means, variances) = (weights.map { _ in Tensor.zeros([8]) }, weights.map { _ in Tensor.ones([8]) })
        let images = Tensor.randomNormal(shape, using: &generator)
        let projection = Tensor.randomNormal(shape, using: &generator)
        func step() {
            var h = images
            for l in 0..<layers {
                h = h.conv2d(weight: weights[l], padding: 1)
                    .batchNorm(weight: gammas[l], bias: betas[l], runningMean: means[l], runningVariance: variances[l],
                               training: true)
                    .relu()
            }
            (h * projection).sum().backward()
        }
        let (held, leaked) = activationsHeld(by: step, activationShape: shape)
        // Two per layer, plus the seed, the gradients in flight and a batch-norm output:
        // keeping every intermediate (three per layer) would be 30 and more.
        XCTAssertLessThanOrEqual(held, Double(2 * layers + 6), "peak of \(held) activations for \(layers) layers")
        XCTAssertEqual(leaked, 0, "a training step leaked tensor memory")
    }
}
