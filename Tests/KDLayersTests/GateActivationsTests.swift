import Foundation
@testable import KDLayers
import XCTest

final class GateActivationsTests: XCTestCase {
    /// Every 1/64 from -100 to 100, covering saturation and the clamped tails.
    private let inputs: [Float] = (-6400...6400).map { Float($0) / 64 }

    func testExponentialHasSmallRelativeError() {
        for x in inputs where x > -87 && x < 88 {
            let exact = Foundation.exp(Double(x))
            XCTAssertEqual(Double(GateActivations.exp(x)), exact, accuracy: 4e-7 * exact, "exp(\(x))")
        }
    }

    func testSigmoidAndTanhOfBiasedInputsMatchLibm() {
        let bias = inputs.indices.map { Float($0 % 7) / 8 - 0.25 }
        let shifted = zip(inputs, bias).map { $0 - $1 }
        var sigmoid = shifted, tanh = shifted
        GateActivations.sigmoid(&sigmoid, adding: bias, count: inputs.count)
        GateActivations.tanh(&tanh, adding: bias, count: inputs.count)
        for k in inputs.indices {
            let x = Double(shifted[k] + bias[k])
            XCTAssertEqual(sigmoid[k], Float(1 / (1 + Foundation.exp(-x))), accuracy: 2e-7, "sigmoid(\(x))")
            XCTAssertEqual(tanh[k], Float(Foundation.tanh(x)), accuracy: 3e-7, "tanh(\(x))")
        }
        XCTAssertEqual(GateActivations.tanh(-1e-3), -Float(Foundation.tanh(1e-3)), accuracy: 1e-7)
    }
}
