import KDLayers
import KDTensor
import KDTestSupport
import XCTest

final class LSTMTests: XCTestCase {
    /// PyTorch's LSTM written out step by step with ordinary ops, one sequence at a time
    /// (so padding never enters), from the same weights.
    private func manualUnroll(_ lstm: LSTM, _ input: Tensor, lengths: [Int], initial: (Tensor, Tensor)?)
        -> (outputs: Tensor, hidden: Tensor, cell: Tensor) {
        let weights = Dictionary(uniqueKeysWithValues: lstm.ownParameters.map { ($0.name, $0.tensor) })
        let (batch, steps, size) = (input.shape[0], input.shape[1], lstm.hiddenSize)
        let directions = lstm.bidirectional ? 2 : 1
        var sampleOutputs: [Tensor] = [], hidden: [[Tensor]] = [], cell: [[Tensor]] = []
        for n in 0..<batch {
            var layerInput = input.slice(alongAxis: 0, n..<n + 1).slice(alongAxis: 1, 0..<lengths[n])
            var finalHidden: [Tensor] = [], finalCell: [Tensor] = []
            for layer in 0..<lstm.layers {
                var directionOutputs: [Tensor] = []
                for direction in 0..<directions {
                    let index = layer * directions + direction
                    let suffix = "_l\(layer)" + (direction == 1 ? "_reverse" : "")
                    var h = initial.map { $0.0.slice(alongAxis: 0, index..<index + 1).slice(alongAxis: 1, n..<n + 1).reshaped(to: [1, size]) }
                        ?? Tensor.zeros([1, size])
                    var c = initial.map { $0.1.slice(alongAxis: 0, index..<index + 1).slice(alongAxis: 1, n..<n + 1).reshaped(to: [1, size]) }
                        ?? Tensor.zeros([1, size])
                    var stepOutputs = [Tensor?](repeating: nil, count: lengths[n])
                    let order = direction == 0 ? Array(0..<lengths[n]) : Array((0..<lengths[n]).reversed())
                    for t in order {
                        let x = layerInput.slice(alongAxis: 1, t..<t + 1).reshaped(to: [1, -1])
                        let gates = x.matmul(weights["weight_ih" + suffix]!, transposeOther: true) + weights["bias_ih" + suffix]!
                            + h.matmul(weights["weight_hh" + suffix]!, transposeOther: true) + weights["bias_hh" + suffix]!
                        let parts = gates.split(sizes: [size, size, size, size], alongAxis: 1)
                        c = parts[1].sigmoid() * c + parts[0].sigmoid() * parts[2].tanh()
                        h = parts[3].sigmoid() * c.tanh()
                        stepOutputs[t] = h.reshaped(to: [1, 1, size])
                    }
                    directionOutputs.append(Tensor.concatenate(stepOutputs.map { $0! }, alongAxis: 1))
                    finalHidden.append(h.reshaped(to: [1, 1, size]))
                    finalCell.append(c.reshaped(to: [1, 1, size]))
                }
                layerInput = Tensor.concatenate(directionOutputs, alongAxis: 2)
            }
            let padding = Tensor.zeros([1, steps - lengths[n], size * directions])
            sampleOutputs.append(steps > lengths[n] ? Tensor.concatenate([layerInput, padding], alongAxis: 1) : layerInput)
            hidden.append(finalHidden)
            cell.append(finalCell)
        }
        let stack = { (states: [[Tensor]]) in
            Tensor.concatenate((0..<states[0].count).map { index in Tensor.concatenate(states.map { $0[index] }, alongAxis: 1) },
                               alongAxis: 0)
        }
        return (Tensor.concatenate(sampleOutputs, alongAxis: 0), stack(hidden), stack(cell))
    }

    private func flatten(_ parts: [Tensor]) -> Tensor {
        Tensor.concatenate(parts.map { $0.reshaped(to: [-1]) }, alongAxis: 0)
    }

    /// Compares outputs, final states and every gradient against the manual unroll.
    private func assertMatchesManualUnroll(layers: Int, bidirectional: Bool, lengths: [Int], withInitialState: Bool,
                                           inputSize: Int = 3, hiddenSize: Int = 4, steps: Int = 5,
                                           file: StaticString = #filePath, line: UInt = #line) {
        let lstm = withRandomSeed(21) {
            LSTM(inputSize: inputSize, hiddenSize: hiddenSize, layers: layers, bidirectional: bidirectional)
        }
        var generator = SeededGenerator(seed: 2)
        let input = Tensor.randomNormal([lengths.count, steps, inputSize], using: &generator)
        let stateShape = [layers * (bidirectional ? 2 : 1), lengths.count, hiddenSize]
        let initial = withInitialState
            ? (Tensor.randomNormal(stateShape, using: &generator), Tensor.randomNormal(stateShape, using: &generator)) : nil
        let leaves = [input] + lstm.parameters + (initial.map { [$0.0, $0.1] } ?? [])
        for leaf in leaves { leaf.requiresGrad = true }

        func gradients(_ output: Tensor) -> (Tensor, [Tensor]) {
            for leaf in leaves { leaf.grad = nil }
            var projectionGenerator = SeededGenerator(seed: 9)
            (output * Tensor.randomNormal(output.shape, using: &projectionGenerator)).sum().backward()
            return (output, leaves.map { $0.grad ?? Tensor.zeros($0.shape) })
        }
        let fused = lstm(input, lengths: lengths, initialState: initial.map { (hidden: $0.0, cell: $0.1) })
        let (fusedValue, fusedGradients) = gradients(flatten([fused.outputs, fused.hidden, fused.cell]))
        let manual = manualUnroll(lstm, input, lengths: lengths, initial: initial)
        let (manualValue, manualGradients) = gradients(flatten([manual.outputs, manual.hidden, manual.cell]))

        XCTAssertEqual(fused.outputs.shape, [lengths.count, steps, hiddenSize * (bidirectional ? 2 : 1)], file: file, line: line)
        XCTAssertEqual(fused.hidden.shape, stateShape, file: file, line: line)
        XCTAssertClose(fusedValue, manualValue, tolerance: 1e-5, file: file, line: line)
        for (fusedGradient, manualGradient) in zip(fusedGradients, manualGradients) {
            XCTAssertClose(fusedGradient, manualGradient, tolerance: 1e-4, file: file, line: line)
        }
    }

    func testSingleLayerMatchesManualUnroll() {
        assertMatchesManualUnroll(layers: 1, bidirectional: false, lengths: [5, 5], withInitialState: false)
    }

    func testStackedBidirectionalWithPaddingAndInitialStateMatchesManualUnroll() {
        assertMatchesManualUnroll(layers: 2, bidirectional: true, lengths: [5, 2, 3], withInitialState: true)
    }

    /// 70 sequences (35 per core), 80 gates and 300 input features: each step's products span
    /// several of `gemmInSmallBlocks`' 32-row, 64-column and 256-deep blocks.
    func testLayersWiderThanOneGEMMBlockMatchManualUnroll() {
        let lengths = (0..<70).map { 1 + $0 % 5 }
        assertMatchesManualUnroll(layers: 2, bidirectional: true, lengths: lengths, withInitialState: true,
                                  inputSize: 300, hiddenSize: 20)
    }

    /// One step at a time, as a decoder runs: the weights are used as they are, not transposed.
    func testASingleStepMatchesManualUnroll() {
        assertMatchesManualUnroll(layers: 2, bidirectional: true, lengths: [1, 1, 1], withInitialState: true, steps: 1)
    }

    func testParameterNamesAndShapesFollowPyTorch() {
        let lstm = LSTM(inputSize: 3, hiddenSize: 4, layers: 2, bidirectional: true)
        let expected: [(String, [Int])] = [
            ("weight_ih_l0", [16, 3]), ("weight_hh_l0", [16, 4]), ("bias_ih_l0", [16]), ("bias_hh_l0", [16]),
            ("weight_ih_l0_reverse", [16, 3]), ("weight_hh_l0_reverse", [16, 4]), ("bias_ih_l0_reverse", [16]), ("bias_hh_l0_reverse", [16]),
            ("weight_ih_l1", [16, 8]), ("weight_hh_l1", [16, 4]), ("bias_ih_l1", [16]), ("bias_hh_l1", [16]),
            ("weight_ih_l1_reverse", [16, 8]), ("weight_hh_l1_reverse", [16, 4]), ("bias_ih_l1_reverse", [16]), ("bias_hh_l1_reverse", [16]),
        ]
        XCTAssertEqual(lstm.stateDict().map(\.path), expected.map(\.0))
        XCTAssertEqual(lstm.stateDict().map(\.tensor.shape), expected.map(\.1))
        XCTAssertTrue(lstm.parameters.allSatisfy(\.requiresGrad))
        XCTAssertLessThanOrEqual(lstm.parameters.flatMap(\.scalars).map(abs).max()!, 0.5, "U(-1/√H, 1/√H)")
    }

    func testPaddedStepsAreZeroAndIgnoreTheirContents() {
        let lstm = withRandomSeed(4) { LSTM(inputSize: 2, hiddenSize: 3, bidirectional: true) }
        var generator = SeededGenerator(seed: 5)
        let input = Tensor.randomNormal([2, 4, 2], using: &generator)
        let changed = input.copy()
        changed[1, 3, 0] = 50
        changed[1, 2, 1] = -50
        let first = lstm(input, lengths: [4, 2]), second = lstm(changed, lengths: [4, 2])
        XCTAssertEqual(first.outputs.scalars, second.outputs.scalars)
        XCTAssertEqual(first.hidden.scalars, second.hidden.scalars)
        XCTAssertEqual(Array(first.outputs.scalars[(4 + 2) * 6..<8 * 6]), [Float](repeating: 0, count: 12))
    }

    /// Without recording, the recurrence keeps one state slot that every step overwrites; with
    /// it, every step's. Both must give the same numbers, padding, reverse direction and initial
    /// state included, on a batch split over the cores.
    func testInferenceWithoutHistoryMatchesRecordedRun() {
        let lstm = withRandomSeed(12) { LSTM(inputSize: 3, hiddenSize: 5, layers: 2, bidirectional: true) }
        var generator = SeededGenerator(seed: 13)
        let input = Tensor.randomNormal([5, 6, 3], using: &generator)
        let state = (hidden: Tensor.randomNormal([4, 5, 5], using: &generator), cell: Tensor.randomNormal([4, 5, 5], using: &generator))
        let lengths = [6, 1, 4, 0, 6]
        let recorded = lstm(input, lengths: lengths, initialState: state)
        XCTAssertNotNil(recorded.outputs.gradFn)
        let inference = noGrad { lstm(input, lengths: lengths, initialState: state) }
        XCTAssertNil(inference.outputs.gradFn)
        XCTAssertEqual(inference.outputs.scalars, recorded.outputs.scalars)
        XCTAssertEqual(inference.hidden.scalars, recorded.hidden.scalars)
        XCTAssertEqual(inference.cell.scalars, recorded.cell.scalars)
    }

    func testGradientsMatchFiniteDifferences() {
        let single = withRandomSeed(6) { LSTM(inputSize: 2, hiddenSize: 3) }
        var generator = SeededGenerator(seed: 7)
        let input = Tensor.randomNormal([2, 3, 2], using: &generator)
        XCTAssertGradientsMatch(at: [input] + single.parameters) { _ in
            let result = single(input)
            return self.flatten([result.outputs, result.hidden, result.cell])
        }

        let stacked = withRandomSeed(8) { LSTM(inputSize: 2, hiddenSize: 2, layers: 2, bidirectional: true) }
        let state = (Tensor.randomNormal([4, 2, 2], using: &generator), Tensor.randomNormal([4, 2, 2], using: &generator))
        XCTAssertGradientsMatch(at: [input, state.0, state.1] + stacked.parameters) { _ in
            let result = stacked(input, lengths: [3, 2], initialState: (hidden: state.0, cell: state.1))
            return self.flatten([result.outputs, result.hidden, result.cell])
        }
    }

    func testFinalStateAloneCarriesGradient() {
        let lstm = withRandomSeed(9) { LSTM(inputSize: 2, hiddenSize: 3) }
        var generator = SeededGenerator(seed: 1)
        let input = Tensor.randomNormal([2, 3, 2], using: &generator)
        XCTAssertGradientsMatch(at: [input] + lstm.parameters) { _ in lstm(input, lengths: [3, 1]).hidden }
    }
}
