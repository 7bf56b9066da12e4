import KDLayers
import KDTensor
import KDTestSupport
import XCTest

final class Conv2dLayerTests: XCTestCase {
    /// Direct evaluation of the convolution sum, for comparison.
    private func naiveConvolution(_ x: Tensor, _ layer: Conv2d) -> Tensor {
        let (n, c, h, w) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (k, s, p, d, g) = (layer.kernelSize, layer.stride, layer.padding, layer.dilation, layer.groups)
        let outH = (h + 2 * p.height - d.height * (k.height - 1) - 1) / s.height + 1
        let outW = (w + 2 * p.width - d.width * (k.width - 1) - 1) / s.width + 1
        let outC = layer.outChannels, perGroupIn = c / g, perGroupOut = outC / g
        let result = Tensor.zeros([n, outC, outH, outW])
        for b in 0..<n {
            for o in 0..<outC {
                for i in 0..<outH {
                    for j in 0..<outW {
                        var total = layer.bias?.scalars[o] ?? 0
                        for ci in 0..<perGroupIn {
                            for ki in 0..<k.height {
                                for kj in 0..<k.width {
                                    let y = i * s.height - p.height + ki * d.height, x0 = j * s.width - p.width + kj * d.width
                                    guard (0..<h).contains(y), (0..<w).contains(x0) else { continue }
                                    total += x[b, (o / perGroupOut) * perGroupIn + ci, y, x0] * layer.weight[o, ci, ki, kj]
                                }
                            }
                        }
                        result[b, o, i, j] = total
                    }
                }
            }
        }
        return result
    }

    func testForwardMatchesTheConvolutionSum() {
        var generator = SeededGenerator(seed: 1)
        let input = Tensor.randomNormal([2, 4, 6, 5], using: &generator)
        let layers = withRandomSeed(2) {
            [Conv2d(inChannels: 4, outChannels: 6, kernelSize: 3, padding: 1),
             Conv2d(inChannels: 4, outChannels: 4, kernelSize: Size2D(3, 2), stride: 2, padding: Size2D(1, 0), dilation: Size2D(1, 2),
                    groups: 2, bias: false),
             Conv2d(inChannels: 4, outChannels: 4, kernelSize: 3, padding: 1, groups: 4)]
        }
        for layer in layers {
            XCTAssertClose(layer(input), naiveConvolution(input, layer), tolerance: 1e-5)
        }
    }

    func testGradientsMatchFiniteDifferences() {
        var generator = SeededGenerator(seed: 3)
        let input = Tensor.randomNormal([2, 2, 4, 4], using: &generator)
        let layer = withRandomSeed(4) { Conv2d(inChannels: 2, outChannels: 3, kernelSize: 3, stride: 2, padding: 1) }
        XCTAssertGradientsMatch(at: [input, layer.weight, layer.bias!]) { _ in layer(input) }
    }

    func testParametersFollowPyTorch() {
        let layer = withRandomSeed(5) { Conv2d(inChannels: 8, outChannels: 16, kernelSize: 3, groups: 2) }
        XCTAssertEqual(layer.stateDict().map(\.path), ["weight", "bias"])
        XCTAssertEqual(layer.weight.shape, [16, 4, 3, 3])
        XCTAssertEqual(layer.inChannels, 8)
        let bound = 1 / Float(4 * 9).squareRoot()
        XCTAssertLessThanOrEqual(layer.weight.scalars.map(abs).max()!, bound)
        XCTAssertGreaterThan(layer.weight.scalars.map(abs).max()!, 0.9 * bound)
        XCTAssertLessThanOrEqual(layer.bias!.scalars.map(abs).max()!, bound)
    }

    func testAfterBatchNormReLUIsTheThreeLayersInTurn() {
        var generator = SeededGenerator(seed: 6)
        let input = Tensor.randomNormal([3, 4, 5, 5], using: &generator)
        func layers() -> (BatchNorm2d, Conv2d) {
            withRandomSeed(7) { (BatchNorm2d(features: 4), Conv2d(inChannels: 4, outChannels: 6, kernelSize: 3, padding: 1)) }
        }
        let (fusedNorm, fusedConv) = layers(), (norm, conv) = layers()
        for training in [true, false] {
            for layer in [fusedNorm, fusedConv, norm, conv] as [Module] { training ? layer.train() : layer.eval() }
            XCTAssertEqual(fusedConv(input, afterBatchNormReLU: fusedNorm).scalars, conv(norm(input).relu()).scalars)
            XCTAssertEqual(fusedNorm.runningMean.scalars, norm.runningMean.scalars)
            XCTAssertEqual(fusedNorm.numBatchesTracked.item, norm.numBatchesTracked.item)
        }
        XCTAssertEqual(fusedNorm.numBatchesTracked.item, 1, "a training call counts one batch, an evaluation call none")
    }

    func testThenBatchNormFoldsInInferenceAndMatchesTheLayersInTurn() {
        var generator = SeededGenerator(seed: 8)
        let input = Tensor.randomNormal([2, 4, 6, 6], using: &generator)
        let (conv, norm) = withRandomSeed(9) {
            (Conv2d(inChannels: 4, outChannels: 6, kernelSize: 3, padding: 1), BatchNorm2d(features: 6))
        }
        // Statistics and an affine part far from the identity, so that a wrong fold shows.
        norm.runningMean.assign(Tensor.randomNormal([6], using: &generator))
        norm.runningVar.assign(Tensor.randomUniform([6], low: 0.2, high: 3, using: &generator))
        norm.weight!.assign(Tensor.randomUniform([6], low: -2, high: 2, using: &generator))
        norm.bias!.assign(Tensor.randomNormal([6], using: &generator))
        norm.eval()
        let shortcut = Tensor.randomNormal([2, 6, 6, 6], using: &generator)
        for clamp in [nil, OutputClamp.relu, .relu6] {
            for residual in [nil, shortcut] {
                let expected = noGrad { () -> Tensor in
                    let y = norm(conv(input)) + (residual ?? Tensor.zeros([2, 6, 6, 6]))
                    return clamp == .relu ? y.relu() : clamp == .relu6 ? y.relu6() : y
                }
                XCTAssertClose(noGrad { conv(input, thenBatchNorm: norm, adding: residual, clamp: clamp) }, expected,
                               tolerance: 1e-5)
            }
        }
        // Recording for gradients: the layers in turn, so every parameter gets its gradient.
        conv(input, thenBatchNorm: norm, clamp: .relu).sum().backward()
        XCTAssertNotNil(norm.weight!.grad)
        XCTAssertNotNil(conv.weight.grad)
    }

    func testSequentialRunsConvBatchNormReLUAsOneInInference() {
        var generator = SeededGenerator(seed: 10)
        let input = Tensor.randomNormal([2, 3, 8, 8], using: &generator)
        let block = withRandomSeed(11) {
            Sequential {
                Conv2d(inChannels: 3, outChannels: 8, kernelSize: 3, padding: 1, bias: false)
                BatchNorm2d(features: 8)
                ReLU6()
                Conv2d(inChannels: 8, outChannels: 8, kernelSize: 3, padding: 1, groups: 8, bias: false)
                BatchNorm2d(features: 8)
            }
        }
        block.train()
        for _ in 0..<3 { _ = block(input * 3) }  // running statistics away from their initial values
        block.eval()
        let unfused = noGrad { block.layers.reduce(input) { $1($0) } }
        XCTAssertClose(noGrad { block(input) }, unfused, tolerance: 1e-5)
        XCTAssertGreaterThan(unfused.scalars.map(abs).max()!, 0.5, "the check needs outputs far from zero")
    }

    func testPreActivatedHalfBlockFoldsInInferenceAndMatchesTheLayersInTurn() {
        var generator = SeededGenerator(seed: 12)
        let input = Tensor.randomNormal([2, 4, 6, 6], using: &generator)
        let (pre, conv, post) = withRandomSeed(13) {
            (BatchNorm2d(features: 4), Conv2d(inChannels: 4, outChannels: 6, kernelSize: 3, padding: 1, bias: false),
             BatchNorm2d(features: 6))
        }
        for layer in [pre, conv, post] as [Module] { layer.train() }
        for _ in 0..<3 { _ = post(conv(pre(input * 2).relu())) }  // running statistics away from their initial values
        let training = conv(input, afterBatchNormReLU: pre, thenBatchNorm: post, clamp: .relu)
        XCTAssertNotNil(training.gradFn, "training runs the layers in turn, recorded")
        for layer in [pre, conv, post] as [Module] { layer.eval() }
        let expected = noGrad { post(conv(pre(input).relu())).relu() }
        XCTAssertClose(noGrad { conv(input, afterBatchNormReLU: pre, thenBatchNorm: post, clamp: .relu) }, expected,
                       tolerance: 1e-5)
        XCTAssertGreaterThan(expected.scalars.max()!, 0.5, "the check needs outputs far from zero")
    }
}
