import KDLayers
import KDTensor
import XCTest

final class StateDictTests: XCTestCase {
    final class Norm: Module {
        @Parameter var weight = Tensor.ones([3])
        @Buffer var runningMean = Tensor.zeros([3])
        @Parameter var bias: Tensor? = Tensor.zeros([3])
    }

    final class Net: Module {
        let norm = Norm()
        let head: Linear
        init(seed: UInt64) { head = withRandomSeed(seed) { Linear(inFeatures: 3, outFeatures: 2) } }
    }

    func testOrderIsPyTorchsParametersThenBuffersPerModule() {
        XCTAssertEqual(Net(seed: 1).stateDict().map(\.path),
                       ["norm.weight", "norm.bias", "norm.running_mean", "head.weight", "head.bias"])
    }

    func testRoundTripCopiesValuesInPlace() throws {
        let source = Net(seed: 1), target = Net(seed: 2)
        source.norm.runningMean.fill(0.5)
        let weightIdentity = ObjectIdentifier(target.head.weight)
        XCTAssertNotEqual(source.head.weight.scalars, target.head.weight.scalars)

        let mismatch = try target.load(stateDict: source.stateDict())
        XCTAssertTrue(mismatch.isEmpty)
        for (a, b) in zip(source.stateDict(), target.stateDict()) {
            XCTAssertEqual(a.path, b.path)
            XCTAssertEqual(a.tensor.scalars, b.tensor.scalars, a.path)
            XCTAssertFalse(a.tensor === b.tensor, "load must copy, not share")
        }
        XCTAssertEqual(ObjectIdentifier(target.head.weight), weightIdentity)
    }

    func testStrictLoadListsEveryProblemAndChangesNothing() {
        let target = Net(seed: 2)
        let before = target.head.weight.scalars
        var entries = Net(seed: 1).stateDict().filter { $0.path != "norm.running_mean" && $0.path != "norm.bias" }
        entries = entries.map { $0.path == "head.weight" ? ($0.path, Tensor.zeros([2, 4])) : $0 }
        entries.append(("head.extra", Tensor.zeros([1])))

        XCTAssertThrowsError(try target.load(stateDict: entries)) { error in
            guard let mismatch = error as? StateDictMismatch else { return XCTFail("wrong error \(error)") }
            XCTAssertEqual(mismatch.missing, ["norm.bias", "norm.running_mean"])
            XCTAssertEqual(mismatch.unexpected, ["head.extra"])
            XCTAssertEqual(mismatch.wrongShapes.map(\.path), ["head.weight"])
            XCTAssertEqual(mismatch.wrongShapes.first?.expected, [2, 3])
            XCTAssertEqual(mismatch.wrongShapes.first?.found, [2, 4])
            XCTAssertEqual(String(describing: error), "state dict does not match the model: missing norm.bias, norm.running_mean; "
                           + "unexpected head.extra; wrong shape head.weight (model 2x3, state dict 2x4)")
        }
        XCTAssertEqual(target.head.weight.scalars, before)
    }

    func testNonStrictLoadCopiesWhatMatchesAndReportsTheRest() throws {
        let source = Net(seed: 1), target = Net(seed: 2)
        let entries = source.stateDict().filter { $0.path != "head.bias" } + [("other", Tensor.zeros([1]))]
        let mismatch = try target.load(stateDict: entries, strict: false)
        XCTAssertEqual(mismatch.missing, ["head.bias"])
        XCTAssertEqual(mismatch.unexpected, ["other"])
        XCTAssertEqual(target.head.weight.scalars, source.head.weight.scalars)
        XCTAssertNotEqual(target.head.bias!.scalars, source.head.bias!.scalars)
    }

    func testSubclassKeepsTheStateOfItsBaseClass() {
        class Base: Module {
            @Parameter var weight = Tensor.zeros([1])
        }
        final class Derived: Base {
            @Buffer var count = Tensor(0)
        }
        XCTAssertEqual(Derived().stateDict().map(\.path), ["weight", "count"])
    }
}
