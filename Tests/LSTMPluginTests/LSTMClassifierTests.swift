import KDLayers
import KDTensor
import KDZoo
import LSTMPlugin
import XCTest

final class LSTMClassifierTests: XCTestCase {
    private let frames = try! InputSpec(parsing: "7x5")

    private func network(_ variant: String, input: InputSpec? = nil, classes: Int = 3) throws -> any Network {
        try withRandomSeed(11) { try LSTMArchitecture().makeNetwork(variant: variant, input: input ?? frames, classes: classes) }
    }

    /// The benchmark pair: LSTM 2x256 -> 2x64 on 40 log-mel features and 10 classes, PyTorch's names.
    func testParameterCountsAndStateDictNamesFollowPyTorch() throws {
        let input = try InputSpec(parsing: "100x40")
        let lstmParameters = { (input: Int, units: Int) in 4 * units * (input + units) + 8 * units }
        let student = try network("2x64", input: input, classes: 10)
        XCTAssertEqual(student.parameterCount, lstmParameters(40, 64) + lstmParameters(64, 64) + 64 * 10 + 10)
        XCTAssertEqual(student.stateDict().map(\.path), [
            "lstm.weight_ih_l0", "lstm.weight_hh_l0", "lstm.bias_ih_l0", "lstm.bias_hh_l0",
            "lstm.weight_ih_l1", "lstm.weight_hh_l1", "lstm.bias_ih_l1", "lstm.bias_hh_l1", "fc.weight", "fc.bias",
        ])
        let teacher = try network("2x256-bi", input: input, classes: 10)
        XCTAssertEqual(teacher.parameterCount, 2 * lstmParameters(40, 256) + 2 * lstmParameters(512, 256) + 512 * 10 + 10)
    }

    func testVariantSpelling() {
        let lstm = LSTMArchitecture()
        XCTAssertEqual(lstm.canonicalVariant("02x064-bi-mean"), "2x64-bi-mean")
        XCTAssertEqual(lstm.canonicalVariant("1x32"), "1x32")
        for bad in ["2x", "x64", "0x64", "2x64-mean-bi", "2x+64", "2x64-bi-bi", "", "2*64"] {
            XCTAssertNil(lstm.canonicalVariant(bad), bad)
        }
    }

    /// Frames past a sequence's length change nothing, and a padded sequence classifies exactly
    /// as the same sequence alone without padding, for both poolings and both directions.
    func testPaddedFramesDoNotChangeTheOutput() throws {
        var generator = SeededGenerator(seed: 3)
        let batch = Tensor.randomNormal([2, 7, 5], using: &generator)
        let changed = batch.copy()
        for i in (7 + 4) * 5..<14 * 5 { changed.pointer[i] = generator.nextNormal() * 10 }
        let context = BatchContext(lengths: [7, 4])
        let alone = batch.slice(alongAxis: 0, 1..<2).slice(alongAxis: 1, 0..<4)
        for variant in ["2x6", "2x6-bi", "1x6-mean", "2x6-bi-mean"] {
            let net = try network(variant)
            let reference = noGrad { net(batch, context: context) }
            let withChangedPadding = noGrad { net(changed, context: context) }
            XCTAssertEqual(reference.logits.scalars, withChangedPadding.logits.scalars, variant)
            let unpadded = noGrad { net(alone) }.logits.scalars
            for (a, b) in zip(reference.logits.scalars.suffix(3), unpadded) { XCTAssertEqual(a, b, accuracy: 1e-6, variant) }
            XCTAssertNotEqual(noGrad { net(batch) }.logits.scalars, reference.logits.scalars, "\(variant): lengths must matter")
        }
    }

    /// Last-state pooling of a bidirectional layer reads the forward output at the last valid
    /// frame and the backward output at the first; mean pooling averages the valid frames.
    func testPoolingReadsTheRightFrames() throws {
        var generator = SeededGenerator(seed: 4)
        let batch = Tensor.randomNormal([2, 7, 5], using: &generator)
        let context = BatchContext(lengths: [7, 3])
        let bidirectional = try network("1x6-bi"), averaging = try network("1x6-mean")
        let last = noGrad { bidirectional(batch, context: context) }
        let outputs = last.taps[TapName.stage(1)]!, embedding = last.taps[TapName.embedding]!
        for (n, length) in [7, 3].enumerated() {
            for j in 0..<6 {
                XCTAssertEqual(embedding[n, j], outputs.pointer[(n * 7 + length - 1) * 12 + j])
                XCTAssertEqual(embedding[n, 6 + j], outputs.pointer[(n * 7) * 12 + 6 + j])
            }
        }
        let mean = noGrad { averaging(batch, context: context) }
        let meanOutputs = mean.taps[TapName.stage(1)]!, pooled = mean.taps[TapName.embedding]!
        for j in 0..<6 {
            let expected = (0..<3).map { meanOutputs.pointer[(7 + $0) * 6 + j] }.reduce(0, +) / 3
            XCTAssertEqual(pooled[1, j], expected, accuracy: 1e-6)
        }
    }

    func testReadsASpectrogramImageAsASequence() throws {
        let lstm = LSTMArchitecture()
        let spectrogram = try InputSpec(parsing: "1x98x40")
        XCTAssertEqual(lstm.presentation(of: spectrogram)?.description, "98x40 sequence")
        XCTAssertNil(lstm.presentation(of: try InputSpec(parsing: "3x32x32")))
    }
}
