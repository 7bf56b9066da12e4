import KDTensor
import KDTestSupport
import XCTest

final class WinogradConvTests: XCTestCase {
    var generator = SeededGenerator(seed: 11)

    func random(_ shape: [Int]) -> Tensor {
        Tensor.randomUniform(shape, low: -1, high: 1, using: &generator)
    }

    /// The largest difference relative to the largest magnitude of `expected`.
    func relativeError(_ actual: Tensor, _ expected: Tensor) -> Float {
        let scale = expected.scalars.map(abs).max()!
        return zip(actual.scalars, expected.scalars).map { abs($0 - $1) }.max()! / scale
    }

    /// Runs `body` on input, weight, bias (every other case) and padding of each awkward shape:
    /// planes that are not multiples of the 4x4 tile, channel counts below, at and across the
    /// eight-channel groups, paddings 0 to 2 (also different per axis).
    private func forEachOddShape(samples: Int, _ body: (_ x: Tensor, _ w: Tensor, _ b: Tensor?, _ padding: Size2D) -> Void) {
        let cases: [(inC: Int, outC: Int, height: Int, width: Int, padding: Size2D)] = [
            (1, 1, 3, 3, 0), (1, 2, 5, 7, 1), (3, 5, 7, 6, 2), (8, 8, 6, 9, 1), (9, 17, 5, 5, Size2D(0, 2)), (4, 3, 10, 4, Size2D(2, 1)),
        ]
        for (index, shape) in cases.enumerated() {
            let x = random([samples, shape.inC, shape.height, shape.width]), w = random([shape.outC, shape.inC, 3, 3])
            body(x, w, index % 2 == 0 ? random([shape.outC]) : nil, shape.padding)
        }
    }

    func testForwardMatchesNaiveLoopsOnOddShapes() {
        forEachOddShape(samples: 3) { x, w, b, padding in
            let actual = x.conv2d(weight: w, bias: b, padding: padding, algorithm: .winograd)
            XCTAssertClose(actual, naiveConv(x, w, b, padding: padding), tolerance: 1e-5 * Float(9 * x.shape[1]))
        }
    }

    func testBlocksOfSamplesAcrossWorkersMatchNaiveLoops() {
        // 17 samples of 4 tiles each: several samples per block, blocks on both cores, a short last block.
        let x = random([17, 16, 8, 8]), w = random([24, 16, 3, 3]), b = random([24])
        XCTAssertClose(x.conv2d(weight: w, bias: b, padding: 1, algorithm: .winograd),
                       naiveConv(x, w, b, padding: 1), tolerance: 1e-4)
    }

    func testFloat32ErrorOfAWideLayerStaysSmall() {
        // 128 channels: F(4x4, 3x3)'s transforms scale values by up to about 100, so its rounding
        // error is larger than im2col's: measured 5.2e-6 of the largest output here against
        // naive loops, where im2col + GEMM's is 1.1e-6.
        let x = random([2, 128, 8, 8]), w = random([128, 128, 3, 3]) * 0.05
        let winograd = x.conv2d(weight: w, padding: 1, algorithm: .winograd)
        let error = relativeError(winograd, x.conv2d(weight: w, padding: 1, algorithm: .columns))
        XCTAssertLessThan(error, 2e-5)
    }

    /// The weight and bias gradients of `x.conv2d(w, b)` under the loss `Σ y ⊙ seed`.
    func parameterGradients(_ x: Tensor, _ w: Tensor, _ b: Tensor?, seed: Tensor, padding: Size2D,
                            algorithm: ConvAlgorithm) -> (weight: Tensor, bias: Tensor?) {
        let weight = w.detached(), bias = b?.detached()
        weight.requiresGrad = true
        bias?.requiresGrad = true
        (x.conv2d(weight: weight, bias: bias, padding: padding, algorithm: algorithm) * seed).sum().backward()
        return (weight.grad!, bias?.grad)
    }

    func testParameterGradientsMatchNaiveLoopsOnOddShapes() {
        // 5 samples, so that blocks are split across workers.
        forEachOddShape(samples: 5) { x, w, b, padding in
            let y = x.conv2d(weight: w, bias: b, padding: padding, algorithm: .columns)
            let seed = random(y.shape)
            let actual = parameterGradients(x, w, b, seed: seed, padding: padding, algorithm: .winograd)
            let expected = naiveConvWeightGradient(x, seed, kernel: 3, padding: padding)
            let terms = Float(5 * y.shape[2] * y.shape[3])
            XCTAssertClose(actual.weight, expected, tolerance: 1e-5 * terms)
            if b != nil {
                XCTAssertClose(actual.bias!, seed.sum(alongAxes: [0, 2, 3]), tolerance: 1e-5 * terms)
            }
        }
    }

    func testWeightGradientOfAWideLayerAcrossBlocksStaysClose() {
        // 64 samples of WRN's last stage (several blocks per worker, eight partial sums), against
        // im2col + GEMM: Winograd's transforms cost some Float32 accuracy, as in the forward pass.
        let x = random([64, 128, 8, 8]), w = random([128, 128, 3, 3]) * 0.05, seed = random([64, 128, 8, 8])
        let winograd = parameterGradients(x, w, nil, seed: seed, padding: 1, algorithm: .winograd).weight
        let columns = parameterGradients(x, w, nil, seed: seed, padding: 1, algorithm: .columns).weight
        XCTAssertLessThan(relativeError(winograd, columns), 2e-5)
    }

    func testGradientsThroughWinograd() {
        // The input gradient is itself a Winograd convolution (padding 2 - p), the weight gradient
        // the adjoint Winograd transform.
        for padding in [0, 1, 2] as [Size2D] {
            XCTAssertGradientsMatch(at: [random([2, 3, 6, 5]), random([4, 3, 3, 3]), random([4])]) {
                $0[0].conv2d(weight: $0[1], bias: $0[2], padding: padding, algorithm: .winograd)
            }
        }
        XCTAssertGradientsMatch(at: [random([2, 9, 5, 5]), random([2, 9, 3, 3])]) {
            $0[0].conv2d(weight: $0[1], padding: Size2D(1, 2), algorithm: .winograd)
        }
    }

    func testAutomaticChoosesWinogradForWideResNetLayers() {
        // WRN-16-2's last stage: 128 channels on 8x8 planes. The automatic choice must give
        // Winograd's result bit for bit, forward and both gradients, and im2col's must differ.
        let x = random([2, 128, 8, 8]), w = random([128, 128, 3, 3]) * 0.05
        let seed = random([2, 128, 8, 8])
        func run(_ algorithm: ConvAlgorithm) -> (output: [Float], inputGradient: [Float], weightGradient: [Float]) {
            let input = x.detached(), weight = w.detached()
            input.requiresGrad = true
            weight.requiresGrad = true
            let y = input.conv2d(weight: weight, padding: 1, algorithm: algorithm)
            (y * seed).sum().backward()
            return (y.scalars, input.grad!.scalars, weight.grad!.scalars)
        }
        func differing(_ a: [Float], _ b: [Float]) -> Int { zip(a, b).filter { $0 != $1 }.count }
        let automatic = run(.automatic), winograd = run(.winograd), columns = run(.columns)
        XCTAssertEqual(differing(automatic.output, winograd.output), 0)
        XCTAssertEqual(differing(automatic.inputGradient, winograd.inputGradient), 0)
        XCTAssertGreaterThan(differing(automatic.output, columns.output), 0)
        XCTAssertGreaterThan(differing(automatic.inputGradient, columns.inputGradient), 0)
        XCTAssertEqual(differing(automatic.weightGradient, winograd.weightGradient), 0)
        XCTAssertGreaterThan(differing(automatic.weightGradient, columns.weightGradient), 0)
    }
}
