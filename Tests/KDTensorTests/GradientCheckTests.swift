import KDTensor
import KDTestSupport
import XCTest

/// The gradient checker must be able to fail, or every gradient test proves nothing.
final class GradientCheckTests: XCTestCase {
    func testCatchesAWrongBackward() {
        var generator = SeededGenerator(seed: 1)
        let x = Tensor.randomUniform([6], using: &generator)
        let (error, _) = GradientCheck.maxError(at: [x]) { inputs in
            // Forward doubles; backward claims the derivative is 3.
            let input = inputs[0]
            return (input * 2).detached().recorded("wrongDouble", inputs: [input]) { g in [g * 3] }
        }
        XCTAssertGreaterThan(error, 0.3)
    }

    func testPinpointsASingleWrongElement() {
        var generator = SeededGenerator(seed: 2)
        let x = Tensor.randomUniform([6], using: &generator)
        let (error, location) = GradientCheck.maxError(at: [x]) { inputs in
            let input = inputs[0]
            return (input * 10).detached().recorded("dropsElement3", inputs: [input]) { g in
                let gradient = g * 10
                gradient.pointer[3] = 0
                return [gradient]
            }
        }
        XCTAssertGreaterThan(error, 0.5)
        XCTAssertTrue(location.contains("element 3"), location)
    }

    func testAcceptsACorrectBackward() {
        var generator = SeededGenerator(seed: 3)
        let x = Tensor.randomUniform([6], using: &generator)
        let (error, _) = GradientCheck.maxError(at: [x]) { inputs in
            let input = inputs[0]
            return (input * 2).detached().recorded("double", inputs: [input]) { g in [g * 2] }
        }
        XCTAssertLessThan(error, 1e-3)
    }
}
