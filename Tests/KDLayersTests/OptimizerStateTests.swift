import KDLayers
import KDTensor
import XCTest

final class OptimizerStateTests: XCTestCase {
    private func makeParameters() -> [Tensor] {
        [Tensor(shape: [2], [1, -2], requiresGrad: true), Tensor(shape: [1, 3], [0.5, 0, -1], requiresGrad: true)]
    }

    private func setGradients(_ parameters: [Tensor], step: Int) {
        for (i, parameter) in parameters.enumerated() {
            parameter.grad = Tensor(shape: parameter.shape, (0..<parameter.count).map { Float(i + $0 + step) * 0.1 - 0.2 })
        }
    }

    /// An optimiser restored from an exported state continues exactly like the original.
    private func assertResumesExactly(_ make: ([Tensor]) -> Optimizer, slots: [String]) throws {
        let original = makeParameters(), optimizer = make(original)
        for step in 0..<2 { setGradients(original, step: step); optimizer.step() }
        let state = optimizer.exportState()
        XCTAssertEqual(state.stepCount, 2)
        XCTAssertEqual(state.tensors.map(\.name), slots)

        let resumed = makeParameters()
        for (a, b) in zip(resumed, original) { a.assign(b) }
        let restored = make(resumed)
        try restored.importState(state)
        XCTAssertEqual(restored.stepCount, 2)
        for step in 2..<4 {
            setGradients(original, step: step); optimizer.step()
            setGradients(resumed, step: step); restored.step()
        }
        for (a, b) in zip(resumed, original) { XCTAssertEqual(a.scalars, b.scalars) }
    }

    func testSGDMomentumResumes() throws {
        try assertResumesExactly({ SGD(parameters: $0, learningRate: 0.1, momentum: 0.9) },
                                 slots: ["0.momentum_buffer", "1.momentum_buffer"])
    }

    func testAdamWResumes() throws {
        try assertResumesExactly({ AdamW(parameters: $0, learningRate: 0.1) },
                                 slots: ["0.exp_avg", "0.exp_avg_sq", "0.step", "1.exp_avg", "1.exp_avg_sq", "1.step"])
    }

    func testImportRejectsForeignOrMisshapenEntries() {
        let sgd = SGD(parameters: makeParameters(), learningRate: 0.1, momentum: 0.9)
        let foreign = OptimizerState(stepCount: 1, tensors: [("0.exp_avg", Tensor.zeros([2]))])
        XCTAssertThrowsError(try sgd.importState(foreign)) { error in
            XCTAssertTrue(String(describing: error).contains("'0.exp_avg' does not belong to this optimizer"), "\(error)")
        }
        let misshapen = OptimizerState(stepCount: 1, tensors: [("1.momentum_buffer", Tensor.zeros([3]))])
        XCTAssertThrowsError(try sgd.importState(misshapen)) { error in
            XCTAssertEqual(String(describing: error),
                           "optimizer state entry '1.momentum_buffer' has shape 3, parameter 1 needs 1x3")
        }
        let outOfRange = OptimizerState(stepCount: 1, tensors: [("2.momentum_buffer", Tensor.zeros([1]))])
        XCTAssertThrowsError(try sgd.importState(outOfRange))
    }

    func testZeroGradClearsEveryParameter() {
        let parameters = makeParameters()
        setGradients(parameters, step: 0)
        SGD(parameters: parameters, learningRate: 1).zeroGrad()
        XCTAssertTrue(parameters.allSatisfy { $0.grad == nil })
    }
}
