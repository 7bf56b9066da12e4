import KDLayers
import KDTensor
import XCTest

/// The values of a parameter starting at `[1, -2]` after each step of an optimiser fed
/// the given gradients, for comparison with updates worked out by hand.
func optimizerTrace(gradients: [[Float]], _ makeOptimizer: (Tensor) -> Optimizer) -> [[Float]] {
    let parameter = Tensor(shape: [2], [1, -2], requiresGrad: true)
    let optimizer = makeOptimizer(parameter)
    return gradients.map { gradient in
        parameter.grad = Tensor(shape: [2], gradient)
        optimizer.step()
        return parameter.scalars
    }
}

/// Asserts two traces have the same length and agree element-wise within `accuracy`.
func XCTAssertTracesClose(_ actual: [[Float]], _ expected: [[Float]], accuracy: Float = 2e-6,
                          file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(actual.map(\.count), expected.map(\.count), file: file, line: line)
    for (a, e) in zip(actual.joined(), expected.joined()) { XCTAssertEqual(a, e, accuracy: accuracy, file: file, line: line) }
}
