import KDTensor
import KDTestSupport
import XCTest

/// A clamp or residual applied as a convolution writes its output is the separate ops' result.
final class OutputClampTests: XCTestCase {
    func testClampedConvolutionIsTheConvolutionThenTheClampOnEveryKernel() {
        var generator = SeededGenerator(seed: 41)
        // Depthwise, Winograd (3x3, 16 channels), im2col + GEMM (strided), pointwise over a block of samples.
        let cases: [(input: [Int], weight: [Int], stride: Size2D, groups: Int)] = [
            ([2, 8, 6, 6], [8, 1, 3, 3], 1, 8), ([2, 16, 8, 8], [16, 16, 3, 3], 1, 1),
            ([2, 4, 9, 9], [6, 4, 3, 3], 2, 1), ([4, 4, 3, 3], [6, 4, 1, 1], 1, 1),
        ]
        for (inputShape, weightShape, stride, groups) in cases {
            let x = Tensor.randomNormal(inputShape, using: &generator)
            let w = Tensor.randomNormal(weightShape, using: &generator), b = Tensor.randomNormal([weightShape[0]], using: &generator)
            let padding = Size2D(weightShape[2] / 2, weightShape[3] / 2)
            let plain = x.conv2d(weight: w, bias: b, stride: stride, padding: padding, groups: groups)
            for (clamp, expected) in [(OutputClamp.relu, plain.relu()), (.relu6, plain.relu6())] {
                let clamped = x.conv2d(weight: w, bias: b, stride: stride, padding: padding, groups: groups, outputClamp: clamp)
                XCTAssertEqual(clamped.scalars, expected.scalars, "\(weightShape) clamped to \(clamp)")
            }
            let residual = Tensor.randomNormal(plain.shape, using: &generator)
            let summed = x.conv2d(weight: w, bias: b, stride: stride, padding: padding, groups: groups, adding: residual)
            XCTAssertEqual(summed.scalars, (plain + residual).scalars, "\(weightShape) plus a residual")
            let both = x.conv2d(weight: w, bias: b, stride: stride, padding: padding, groups: groups, adding: residual,
                                outputClamp: .relu)
            XCTAssertEqual(both.scalars, (plain + residual).relu().scalars, "\(weightShape) plus a residual, clamped")
        }
    }

    func testClampedConvolutionGradientsMatchFiniteDifferences() {
        var generator = SeededGenerator(seed: 42)
        let x = Tensor.randomNormal([2, 3, 5, 5], using: &generator)
        let w = Tensor.randomNormal([4, 3, 3, 3], using: &generator), b = Tensor.randomNormal([4], using: &generator)
        let residual = Tensor.randomNormal([2, 4, 5, 5], using: &generator)
        let (error, location) = GradientCheck.maxError(at: [x, w, b, residual], skippingKinks: true) { inputs in
            inputs[0].conv2d(weight: inputs[1], bias: inputs[2], padding: 1, adding: inputs[3], outputClamp: .relu6)
        }
        XCTAssertLessThan(error, 1e-2, "gradient mismatch at \(location)")
    }
}
