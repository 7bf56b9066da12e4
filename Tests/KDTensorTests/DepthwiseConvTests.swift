import KDTensor
import KDTestSupport
import XCTest

/// The depthwise kernel (padded, stride-phase-split planes, four output columns at a time)
/// against naive loops, forward and both gradients, over strides, paddings, dilations and
/// odd sizes: widths below, at and past the four-column block, with and without a tail.
final class DepthwiseConvTests: XCTestCase {
    var generator = SeededGenerator(seed: 11)

    func random(_ shape: [Int]) -> Tensor {
        Tensor.randomUniform(shape, low: -1, high: 1, using: &generator)
    }

    func testForwardAndGradientsMatchNaiveLoops() {
        var cases = 0
        for kernel in [3, 1, 5] as [Int] { for stride in [1, 2, Size2D(2, 1), 3] as [Size2D] {
        for padding in [1, 0, 2, Size2D(0, 1)] as [Size2D] { for dilation in [1, Size2D(1, 2)] as [Size2D] {
        for (height, width) in [(5, 7), (4, 4), (9, 13), (3, 1), (8, 10)] {
            let span = Size2D(dilation.height * (kernel - 1) + 1, dilation.width * (kernel - 1) + 1)
            guard height + 2 * padding.height >= span.height, width + 2 * padding.width >= span.width else { continue }
            let x = random([2, 3, height, width]), w = random([3, 1, kernel, kernel]), b = random([3])
            [x, w, b].forEach { $0.requiresGrad = true }
            let y = x.conv2d(weight: w, bias: b, stride: stride, padding: padding, dilation: dilation, groups: 3)
            XCTAssertClose(y, naiveConv(x, w, b, stride: stride, padding: padding, dilation: dilation, groups: 3),
                           tolerance: 1e-4)
            let g = random(y.shape)
            (y * g).sum().backward()
            let expected = naiveDepthwiseGradients(x, w, g, stride: stride, padding: padding, dilation: dilation)
            XCTAssertClose(x.grad!, expected.input, tolerance: 1e-4)
            XCTAssertClose(w.grad!, expected.weight, tolerance: 1e-4)
            XCTAssertClose(b.grad!, expected.bias, tolerance: 1e-4)
            cases += 1
        } } } } }
        XCTAssertGreaterThan(cases, 250)
    }

    /// MobileNet-sized planes: many channels and a batch, so planes and channels are split over workers.
    func testManyChannelsMatchNaiveLoops() {
        for stride in [1, 2] as [Size2D] {
            let x = random([3, 16, 16, 16]), w = random([16, 1, 3, 3])
            [x, w].forEach { $0.requiresGrad = true }
            let y = x.conv2d(weight: w, stride: stride, padding: 1, groups: 16)
            XCTAssertClose(y, naiveConv(x, w, nil, stride: stride, padding: 1, groups: 16), tolerance: 1e-4)
            let g = random(y.shape)
            (y * g).sum().backward()
            let expected = naiveDepthwiseGradients(x, w, g, stride: stride, padding: 1, dilation: 1)
            XCTAssertClose(x.grad!, expected.input, tolerance: 1e-4)
            XCTAssertClose(w.grad!, expected.weight, tolerance: 1e-3)
        }
    }

    /// The gradients of a depthwise convolution with output gradient `g`, by direct loops.
    private func naiveDepthwiseGradients(_ x: Tensor, _ w: Tensor, _ g: Tensor, stride: Size2D, padding: Size2D,
                                         dilation: Size2D) -> (input: Tensor, weight: Tensor, bias: Tensor) {
        let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (kh, kw, oh, ow) = (w.shape[2], w.shape[3], g.shape[2], g.shape[3])
        let input = x.scalars, filters = w.scalars, gradient = g.scalars
        var dx = [Float](repeating: 0, count: input.count), dw = [Float](repeating: 0, count: filters.count)
        var db = [Float](repeating: 0, count: c)
        for s in 0..<n { for ch in 0..<c { for r in 0..<oh { for q in 0..<ow {
            let gv = gradient[((s * c + ch) * oh + r) * ow + q]
            db[ch] += gv
            for i in 0..<kh { for j in 0..<kw {
                let row = r * stride.height - padding.height + i * dilation.height
                let col = q * stride.width - padding.width + j * dilation.width
                guard row >= 0, row < h, col >= 0, col < wd else { continue }
                let xi = ((s * c + ch) * h + row) * wd + col, wi = (ch * kh + i) * kw + j
                dx[xi] += gv * filters[wi]
                dw[wi] += gv * input[xi]
            } }
        } } } }
        return (Tensor(shape: x.shape, dx), Tensor(shape: w.shape, dw), Tensor(shape: [c], db))
    }
}
