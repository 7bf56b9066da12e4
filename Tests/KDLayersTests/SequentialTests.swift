import KDLayers
import KDTensor
import KDTestSupport
import XCTest

final class SequentialTests: XCTestCase {
    func testChildrenAreNamedByPosition() {
        let model = withRandomSeed(1) {
            Sequential {
                Linear(inFeatures: 4, outFeatures: 3)
                ReLU()
                Linear(inFeatures: 3, outFeatures: 2, bias: false)
            }
        }
        XCTAssertEqual(model.namedParameters.map(\.path), ["0.weight", "0.bias", "2.weight"])
        XCTAssertEqual(model.parameterCount, 4 * 3 + 3 + 3 * 2)
    }

    func testNestedContainersComposePaths() {
        final class Net: Module {
            let features = Sequential([Linear(inFeatures: 2, outFeatures: 2), Sequential([Linear(inFeatures: 2, outFeatures: 1)])])
        }
        XCTAssertEqual(Net().namedParameters.map(\.path),
                       ["features.0.weight", "features.0.bias", "features.1.0.weight", "features.1.0.bias"])
    }

    func testBuilderSupportsConditionsAndLoops() {
        let withNorm = false
        let model = Sequential {
            for _ in 0..<3 { ReLU() }
            if withNorm { Sigmoid() } else { Tanh() }
        }
        XCTAssertEqual(model.layers.count, 4)
        XCTAssertTrue(model.layers.last is Tanh)
    }

    func testAppliesLayersInOrderAndDifferentiates() {
        let first = withRandomSeed(2) { Linear(inFeatures: 3, outFeatures: 4) }
        let second = withRandomSeed(3) { Linear(inFeatures: 4, outFeatures: 2) }
        let model = Sequential([first, Tanh(), second])
        var generator = SeededGenerator(seed: 1)
        let input = Tensor.randomNormal([2, 3], using: &generator)
        XCTAssertClose(model(input), second(first(input).tanh()), tolerance: 1e-6)
        XCTAssertGradientsMatch(at: [input, first.weight, second.bias!]) { _ in model(input) }
    }

    func testFlattenKeepsLeadingAxes() {
        let input = Tensor(shape: [2, 3, 2, 2], (0..<24).map(Float.init))
        XCTAssertEqual(Flatten()(input).shape, [2, 12])
        XCTAssertEqual(Flatten(startAxis: 2)(input).shape, [2, 3, 4])
        XCTAssertEqual(Flatten()(input).scalars, input.scalars)
        XCTAssertGradientsMatch(at: [input]) { inputs in Flatten()(inputs[0]) }
    }
}
