import KDTensor
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
