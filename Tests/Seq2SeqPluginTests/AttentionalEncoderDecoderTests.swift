import KDLayers
import KDTensor
import KDZoo
@testable import Seq2SeqPlugin
import XCTest

final class AttentionalEncoderDecoderTests: XCTestCase {
    private let letters = try! InputSpec.tokens(length: 5, vocabulary: 9)

    private func model(_ variant: String, input: InputSpec? = nil, classes: Int = 8) throws -> AttentionalEncoderDecoder {
        try withRandomSeed(5) {
            try Seq2SeqArchitecture().makeNetwork(variant: variant, input: input ?? letters, classes: classes)
        } as! AttentionalEncoderDecoder
    }

    /// Two padded words: `4 5 6 7 8` and `6 4 7` then padding.
    private let words = Tensor(shape: [2, 5], [4, 5, 6, 7, 8, 6, 4, 7, 0, 0])
    private let targets = TargetSequences([[3, 4, 5], [7]], steps: 5)

    func testStateDictNamesAndGraphemeToPhonemeParameterCount() throws {
        let g2p = try model("1x64", input: .tokens(length: 12, vocabulary: 30), classes: 125)
        let lstm = 4 * 64 * (64 + 64) + 8 * 64
        XCTAssertEqual(g2p.parameterCount, 30 * 64 + lstm + 125 * 64 + lstm + 64 * 64 + 64 * 128 + 64 * 125 + 125)
        XCTAssertEqual(g2p.stateDict().map(\.path), [
            "source_embedding.weight",
            "encoder.weight_ih_l0", "encoder.weight_hh_l0", "encoder.bias_ih_l0", "encoder.bias_hh_l0",
            "target_embedding.weight",
            "decoder.weight_ih_l0", "decoder.weight_hh_l0", "decoder.bias_ih_l0", "decoder.bias_hh_l0",
            "attention.score.weight", "attention.combine.weight", "fc.weight", "fc.bias",
        ])
        let speech = try model("1x8", input: InputSpec(parsing: "20x13"), classes: 14)
        XCTAssertFalse(speech.stateDict().contains { $0.path.hasPrefix("source_embedding") }, "frames need no embedding")
        XCTAssertEqual(speech.stateDict().first { $0.path == "encoder.weight_ih_l0" }?.tensor.shape, [32, 13])
    }

    func testRejectsTokensWithoutAVocabularyAndTooSmallATargetVocabulary() throws {
        let seq2seq = Seq2SeqArchitecture()
        XCTAssertThrowsError(try seq2seq.validate(InputSpec(.tokens, shape: [12]))) { error in
            XCTAssertTrue("\(error)".contains("token inputs need the size of their vocabulary"), "\(error)")
        }
        XCTAssertThrowsError(try seq2seq.makeNetwork(variant: "1x4", input: letters, classes: 2))
    }

    /// The teacher-forced pass over all steps computes what the searches compute one step at a time.
    func testTeacherForcingMatchesStepByStepDecoding() throws {
        for variant in ["1x6", "2x6-bi"] {
            let network = try model(variant)
            let forced = noGrad { network(words, context: BatchContext(targets: targets)) }.logits
            XCTAssertEqual(forced.shape, [2, 5, 8])
            let steps = AttentionalEncoderDecoder.DecoderSteps(model: network)
            let source = noGrad { network.encode(words, lengths: nil) }
            var state = AttentionalEncoderDecoder.DecoderSteps.State(hidden: source.hidden, cell: source.cell, memory: source.memory)
            let inputs = targets.decoderInputs
            for step in 0..<5 {
                let result = noGrad { steps.step([inputs[step], inputs[5 + step]], state: state) }
                state = result.state
                for row in 0..<2 {
                    for token in 0..<8 {
                        XCTAssertEqual(result.logits[row, token], forced[row, step, token], accuracy: 1e-5, "\(variant) step \(step)")
                    }
                }
            }
        }
    }

    /// Ids past a source's length (padding, or anything else when lengths are given) change nothing.
    func testPaddedSourcePositionsAreMasked() throws {
        let network = try model("2x6-bi")
        let context = BatchContext(lengths: [5, 3], targets: targets)
        let reference = noGrad { network(words, context: context) }.logits.scalars
        XCTAssertEqual(noGrad { network(words, context: BatchContext(targets: targets)) }.logits.scalars, reference,
                       "lengths are read off the padding when not given")
        let changed = words.copy()
        changed.pointer[8] = 5
        changed.pointer[9] = 8
        XCTAssertEqual(noGrad { network(changed, context: context) }.logits.scalars, reference)
        let alone = noGrad { network(Tensor(shape: [1, 3], [6, 4, 7]), context: BatchContext(targets: TargetSequences([[7]], steps: 5))) }
        for (x, y) in zip(reference.suffix(5 * 8), alone.logits.scalars) { XCTAssertEqual(x, y, accuracy: 1e-5) }
    }

    func testBeamWidthOneEqualsGreedyOnTheNetwork() throws {
        var generator = SeededGenerator(seed: 6)
        let network = try model("1x8")
        let batch = letters.randomBatch(6, using: &generator)
        let source = noGrad { network.encode(batch, lengths: nil) }
        let initial = AttentionalEncoderDecoder.DecoderSteps.State(hidden: source.hidden, cell: source.cell, memory: source.memory)
        let steps = AttentionalEncoderDecoder.DecoderSteps(model: network)
        let greedy = noGrad { GreedySearch.run(steps, initial: initial, rows: 6, maxLength: 7) }
        XCTAssertEqual(noGrad { BeamSearch(width: 1, maxLength: 7).run(steps, initial: initial, sources: 6) }, greedy)
        XCTAssertEqual(network.generate(batch, lengths: nil, maxLength: 7, beamWidth: 1), greedy)
        let beams = network.generate(batch, lengths: nil, maxLength: 7, beamWidth: 4)
        XCTAssertEqual(beams.count, 6)
        XCTAssertTrue(beams.allSatisfy { $0.count <= 7 && $0.allSatisfy { (2..<8).contains($0) && $0 != SpecialToken.end } })
    }

    /// Without targets the network decodes greedily and scores its own output.
    func testForwardWithoutTargetsScoresTheGreedyOutput() throws {
        let network = try model("1x8")
        let greedy = network.generate(words, lengths: nil, maxLength: 5, beamWidth: 1)
        let output = noGrad { network(words) }
        XCTAssertEqual(output.logits.shape, [2, greedy.map(\.count).max()! + 1, 8])
        let forced = noGrad { network(words, context: BatchContext(targets: TargetSequences(greedy))) }
        XCTAssertEqual(output.logits.scalars, forced.logits.scalars)
        XCTAssertEqual(output.taps.names, ["stage1", "stage2", "embedding", "logits"])
    }
}

final class Seq2SeqProfileTests: XCTestCase {
    /// `kdzoo info` profiles a model on one random sample: valid ids, a greedy decode, the
    /// teacher-forced pass over it recorded.
    func testProfilesAGraphemeToPhonemeModel() throws {
        let input = try InputSpec.tokens(length: 12, vocabulary: 30)
        let network = try withRandomSeed(1) { try Seq2SeqArchitecture().makeNetwork(variant: "1x16", input: input, classes: 125) }
        let profile = NetworkProfile(profiling: network, input: input)
        XCTAssertEqual(profile.parameters, network.parameterCount)
        XCTAssertEqual(profile.taps.first?.shape, [12, 16])
        XCTAssertGreaterThan(profile.layers.first { $0.path == "encoder" }?.macs ?? 0, 0)
    }
}

final class FrozenProfileTests: XCTestCase {
    /// A frozen teacher costs what it cost before it was frozen, and stays frozen.
    func testProfilesAFrozenNetwork() throws {
        let network = try withRandomSeed(1) { try Seq2SeqArchitecture().makeNetwork(variant: "1x8", input: .tokens(length: 6, vocabulary: 9), classes: 9) }
        let input = try InputSpec.tokens(length: 6, vocabulary: 9)
        let macs = NetworkProfile(profiling: network, input: input).macs
        for parameter in network.parameters { parameter.requiresGrad = false }
        XCTAssertEqual(NetworkProfile(profiling: network, input: input).macs, macs)
        XCTAssertGreaterThan(macs, 0)
        XCTAssertTrue(network.parameters.allSatisfy { !$0.requiresGrad })
    }
}
