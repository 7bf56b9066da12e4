import KDTensor
import KDTestSupport
import XCTest

final class Conv2dTests: XCTestCase {
    var generator = SeededGenerator(seed: 3)

    func random(_ shape: [Int]) -> Tensor {
        Tensor.randomUniform(shape, low: -1, high: 1, using: &generator)
    }

    func testForwardMatchesNaiveLoopsAcrossOptions() {
        let strides: [Size2D] = [1, 2, Size2D(1, 2)]
        let paddings: [Size2D] = [0, 1, Size2D(2, 1)]
        let dilations: [Size2D] = [1, 2, Size2D(2, 1)]
        let kernels: [Size2D] = [1, 3, Size2D(2, 3)]
        var cases = 0
        for stride in strides { for padding in paddings { for dilation in dilations { for kernel in kernels {
            // (in, out, groups): dense, grouped, grouped with 2 outputs per group, depthwise.
            for (inC, outC, groups) in [(3, 5, 1), (4, 6, 2), (4, 8, 4), (4, 4, 4)] {
                let x = random([2, inC, 7, 6])
                guard 7 + 2 * padding.height >= dilation.height * (kernel.height - 1) + 1,
                      6 + 2 * padding.width >= dilation.width * (kernel.width - 1) + 1 else { continue }
                let w = random([outC, inC / groups, kernel.height, kernel.width])
                let b = cases % 2 == 0 ? random([outC]) : nil
                let actual = x.conv2d(weight: w, bias: b, stride: stride, padding: padding, dilation: dilation, groups: groups)
                let expected = naiveConv(x, w, b, stride: stride, padding: padding, dilation: dilation, groups: groups)
                XCTAssertClose(actual, expected, tolerance: 1e-4)
                cases += 1
            }
        } } } }
        XCTAssertGreaterThan(cases, 300)
    }

    func testSmallImagesShareGemmsAcrossSamplesAndWorkers() {
        // 8x8 and 4x4 outputs: on two cores, two samples per GEMM and nine samples in four
        // parallel pieces (2, 2, 2 and 2 + 1), so blocks, single samples and workers all run.
        let x = random([9, 2, 8, 8]), w = random([3, 2, 3, 3]), b = random([3])
        XCTAssertClose(x.conv2d(weight: w, bias: b, padding: 1),
                       naiveConv(x, w, b, stride: 1, padding: 1, dilation: 1, groups: 1), tolerance: 1e-4)
        let pointwise = random([4, 2, 1, 1])
        XCTAssertClose(x.conv2d(weight: pointwise, bias: nil),
                       naiveConv(x, pointwise, nil, stride: 1, padding: 0, dilation: 1, groups: 1), tolerance: 1e-4)
        XCTAssertGradientsMatch(at: [random([9, 1, 8, 8]), random([2, 1, 3, 3]), random([2])]) {
            $0[0].conv2d(weight: $0[1], bias: $0[2], padding: 1)
        }
        XCTAssertGradientsMatch(at: [random([9, 2, 4, 4]), random([3, 2, 1, 1])]) { $0[0].conv2d(weight: $0[1]) }
        XCTAssertGradientsMatch(at: [random([9, 1, 8, 8]), random([2, 1, 3, 3])]) {
            $0[0].conv2d(weight: $0[1], stride: 2, padding: 1)
        }
    }

    func testDepthwiseOnWideRowsMatchesNaiveLoops() {
        let x = random([2, 3, 4, 21]), w = random([3, 1, 3, 3]), b = random([3])
        for stride in [1, 2] as [Size2D] {
            XCTAssertClose(x.conv2d(weight: w, bias: b, stride: stride, padding: 1, groups: 3),
                           naiveConv(x, w, b, stride: stride, padding: 1, dilation: 1, groups: 3), tolerance: 1e-4)
        }
    }

    func testOutputShape() {
        let y = random([1, 2, 9, 8]).conv2d(weight: random([3, 2, 3, 3]), stride: 2, padding: 1)
        XCTAssertEqual(y.shape, [1, 3, 5, 4])
    }

    func testGradientsDense() {
        XCTAssertGradientsMatch(at: [random([2, 3, 5, 5]), random([4, 3, 3, 3]), random([4])]) {
            $0[0].conv2d(weight: $0[1], bias: $0[2], padding: 1)
        }
        XCTAssertGradientsMatch(at: [random([3, 2, 6, 5]), random([3, 2, 3, 2])]) {
            $0[0].conv2d(weight: $0[1], stride: Size2D(2, 1), padding: Size2D(0, 1))
        }
    }

    func testGradientsStridedDilated() {
        XCTAssertGradientsMatch(at: [random([2, 2, 7, 7]), random([3, 2, 3, 3]), random([3])]) {
            $0[0].conv2d(weight: $0[1], bias: $0[2], stride: 2, padding: 2, dilation: 2)
        }
    }

    func testGradientsStrideOneDilatedAndPaddedBeyondTheKernel() {
        // Padding 1 is within the dilated kernel's reach (2); padding 3 is not.
        XCTAssertGradientsMatch(at: [random([2, 2, 5, 4]), random([3, 2, 2, 2]), random([3])]) {
            $0[0].conv2d(weight: $0[1], bias: $0[2], padding: Size2D(1, 3), dilation: 2)
        }
    }

    func testGradientsGrouped() {
        XCTAssertGradientsMatch(at: [random([2, 4, 5, 4]), random([6, 2, 3, 3]), random([6])]) {
            $0[0].conv2d(weight: $0[1], bias: $0[2], padding: 1, groups: 2)
        }
    }

    func testGradientsDepthwise() {
        XCTAssertGradientsMatch(at: [random([2, 3, 5, 6]), random([3, 1, 3, 3]), random([3])]) {
            $0[0].conv2d(weight: $0[1], bias: $0[2], padding: 1, groups: 3)
        }
        XCTAssertGradientsMatch(at: [random([2, 3, 7, 6]), random([3, 1, 3, 3])]) {
            $0[0].conv2d(weight: $0[1], stride: 2, padding: 1, dilation: Size2D(1, 2), groups: 3)
        }
        // Rows of 11 outputs: the vectorised loops run their eight-wide paths at stride 1 and 2.
        XCTAssertGradientsMatch(at: [random([1, 2, 3, 21]), random([2, 1, 3, 3])]) {
            $0[0].conv2d(weight: $0[1], stride: 2, padding: 1, groups: 2)
        }
        XCTAssertGradientsMatch(at: [random([1, 2, 3, 11]), random([2, 1, 3, 3]), random([2])]) {
            $0[0].conv2d(weight: $0[1], bias: $0[2], padding: 1, groups: 2)
        }
    }

    func testGradientsPointwise() {
        XCTAssertGradientsMatch(at: [random([3, 4, 3, 3]), random([5, 4, 1, 1]), random([5])]) {
            $0[0].conv2d(weight: $0[1], bias: $0[2])
        }
        XCTAssertGradientsMatch(at: [random([2, 4, 3, 2]), random([6, 2, 1, 1])]) {
            $0[0].conv2d(weight: $0[1], groups: 2)
        }
    }

    func testGradientOnlyForWeightWhenInputIsConstant() {
        let x = random([2, 2, 4, 4]), w = random([3, 2, 3, 3])
        w.requiresGrad = true
        let y = x.conv2d(weight: w, padding: 1)
        y.sum().backward()
        XCTAssertNil(x.grad)
        // d(sum y)/dw[o, c, i, j] is the sum of the inputs tap (i, j) reads: the centre tap reads all of them.
        XCTAssertEqual(w.grad![0, 1, 1, 1], x.slice(alongAxis: 1, 1..<2).sum().item, accuracy: 1e-4)
    }
}
