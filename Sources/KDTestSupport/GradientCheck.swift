import KDTensor
import XCTest

/// Finite-difference gradient checking for ops, layers and losses.
///
/// The function under test is reduced to a scalar by a fixed random projection
/// (so every output element contributes a different weight), differentiated by
/// autograd, and compared with central differences evaluated in Float32 with the
/// projection accumulated in Double.
public enum GradientCheck {
    /// The largest mismatch between analytic and numerical gradients over all
    /// elements of all `inputs`, relative to `max(1, |numerical|)`.
    ///
    /// For whole networks: `elementsPerInput` limits the check to that many evenly spaced
    /// elements of each input, and `skippingKinks` leaves out elements whose central
    /// difference at `epsilon` and at `epsilon / 2` disagree by more than 1% — a step that
    /// crosses one of thousands of ReLU kinks gives a wrong difference, not a wrong gradient.
    /// The check still fails when fewer than half of the elements are left to compare.
    public static func maxError(at inputs: [Tensor], epsilon: Float = 1e-2, seed: UInt64 = 7,
                                elementsPerInput: Int? = nil, skippingKinks: Bool = false,
                                _ function: ([Tensor]) -> Tensor) -> (error: Float, location: String) {
        for input in inputs { input.requiresGrad = true; input.grad = nil }
        let probe = function(inputs)
        var generator = SeededGenerator(seed: seed)
        let projection = Tensor.randomUniform(probe.shape, low: -1, high: 1, using: &generator)
        (probe * projection).sum().backward()

        func projected() -> Double {
            let output = noGrad { function(inputs) }
            var total = 0.0
            for i in 0..<output.count { total += Double(output.pointer[i]) * Double(projection.pointer[i]) }
            return total
        }

        func centralDifference(_ input: Tensor, _ i: Int, step: Float) -> Float {
            let saved = input.pointer[i]
            input.pointer[i] = saved + step
            let plus = projected()
            input.pointer[i] = saved - step
            let minus = projected()
            input.pointer[i] = saved
            return Float((plus - minus) / (2 * Double(step)))
        }

        var worst: (error: Float, location: String) = (0, "no elements")
        var (compared, skipped) = (0, 0)
        for (n, input) in inputs.enumerated() {
            let analytic = input.grad ?? Tensor.zeros(input.shape)
            for i in checkedElements(of: input.count, limit: elementsPerInput) {
                let numerical = centralDifference(input, i, step: epsilon)
                if skippingKinks {
                    let finer = centralDifference(input, i, step: epsilon / 2)
                    if abs(numerical - finer) > 0.01 * max(1, abs(finer)) {
                        skipped += 1
                        continue
                    }
                }
                compared += 1
                let error = abs(analytic.pointer[i] - numerical) / max(1, abs(numerical))
                if error > worst.error {
                    worst = (error, "input \(n) element \(i): autograd \(analytic.pointer[i]), finite difference \(numerical)")
                }
            }
        }
        if skipped > compared {
            return (.infinity, "only \(compared) of \(compared + skipped) elements are away from kinks")
        }
        return worst
    }

    /// All of `0..<count`, or `limit` indices spread evenly over it.
    private static func checkedElements(of count: Int, limit: Int?) -> [Int] {
        guard let limit, limit < count else { return Array(0..<count) }
        let spacing = Double(count) / Double(limit)
        return (0..<limit).map { Int((Double($0) + 0.5) * spacing) }
    }
}

/// Asserts that autograd's gradients of `function` at `inputs` match central differences.
public func XCTAssertGradientsMatch(at inputs: [Tensor], epsilon: Float = 1e-2, tolerance: Float = 1e-2,
                                    elementsPerInput: Int? = nil, skippingKinks: Bool = false,
                                    file: StaticString = #filePath, line: UInt = #line,
                                    _ function: ([Tensor]) -> Tensor) {
    let (error, location) = GradientCheck.maxError(at: inputs, epsilon: epsilon, elementsPerInput: elementsPerInput,
                                                   skippingKinks: skippingKinks, function)
    XCTAssertLessThanOrEqual(error, tolerance, "gradient mismatch at \(location)", file: file, line: line)
}

/// Asserts two tensors have the same shape and elements within `tolerance`.
public func XCTAssertClose(_ actual: Tensor, _ expected: Tensor, tolerance: Float = 1e-5,
                           file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(actual.shape, expected.shape, "shapes differ", file: file, line: line)
    guard actual.shape == expected.shape else { return }
    var worst: (Float, Int) = (0, -1)
    for i in 0..<actual.count {
        let difference = abs(actual.pointer[i] - expected.pointer[i])
        if !(difference <= worst.0) { worst = (difference, i) }
    }
    XCTAssertLessThanOrEqual(worst.0, tolerance,
                             "element \(worst.1): \(actual.scalars[max(worst.1, 0)]) vs \(expected.scalars[max(worst.1, 0)])",
                             file: file, line: line)
}
