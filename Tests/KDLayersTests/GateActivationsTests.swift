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

    func testSigmoidAndTanhMatchLibm() {
        var sigmoid = inputs, tanh = inputs
        GateActivations.sigmoid(&sigmoid, count: inputs.count)
        GateActivations.tanh(&tanh, count: inputs.count)
        for (k, x) in inputs.enumerated() {
            XCTAssertEqual(sigmoid[k], Float(1 / (1 + Foundation.exp(-Double(x)))), accuracy: 2e-7, "sigmoid(\(x))")
            XCTAssertEqual(tanh[k], Float(Foundation.tanh(Double(x))), accuracy: 3e-7, "tanh(\(x))")
        }
        XCTAssertEqual(GateActivations.tanh(-1e-3), -Float(Foundation.tanh(1e-3)), accuracy: 1e-7)
    }
}
