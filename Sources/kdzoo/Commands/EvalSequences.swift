import ArgumentParser
import Foundation
import KDData
import KDDistill
import KDZoo

extension Eval {
    struct SequenceResult: Codable {
        var model: String, dataset: String, split: String, samples: Int, beamWidth: Int
        var sequenceAccuracy: Double, tokenErrorRate: Double, latencyMilliseconds: Double
        /// The first sequences decoded wrongly, as target tokens.
        var mistakes: [Mistake]
    }

    struct Mistake: Codable {
        var reference: String, predicted: String
    }

    /// `kdzoo eval` of a sequence-to-sequence model: sequence accuracy, token error rate, the time
    /// to decode one sample, and the first few outputs that came out wrong.
    func evaluateSequences(_ decoder: any SequenceGenerating, input: InputSpec, loader: BatchLoader, data: DataContext,
                           split: String) throws {
        guard beamWidth >= 1 else { throw ValidationError("--beam-width must be at least 1, got \(beamWidth)") }
        let accuracy = try Evaluation.sequenceAccuracy(of: decoder, input: input, on: loader, beamWidth: beamWidth)
        let vocabulary = Vocabulary(tokens: data.dataset.classes)
        let spell = { (ids: [Int]) in vocabulary.decode(ids).joined(separator: " ") }
        let result = SequenceResult(
            model: model, dataset: data.name, split: split, samples: accuracy.sequences, beamWidth: beamWidth,
            sequenceAccuracy: accuracy.sequenceAccuracy, tokenErrorRate: accuracy.tokenErrorRate,
            latencyMilliseconds: Evaluation.latencyMilliseconds(of: decoder, input: input, beamWidth: beamWidth),
            mistakes: accuracy.mistakes.map { Mistake(reference: spell($0.reference), predicted: spell($0.prediction)) })
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
            return
        }
        let decoding = beamWidth == 1 ? "greedy" : "beam \(beamWidth)"
        print("\(model) on \(data.name)/\(split) (\(result.samples) sequences, \(decoding) decoding)")
        print(String(format: "sequence accuracy %.2f%%  token error rate %.2f%%  latency %.2f ms/sample",
                     100 * result.sequenceAccuracy, 100 * result.tokenErrorRate, result.latencyMilliseconds))
        if !result.mistakes.isEmpty {
            var table = TextTable(["reference", "decoded"])
            for mistake in result.mistakes { table.append([mistake.reference, mistake.predicted]) }
            print("\nfirst mistakes:\n" + table.render())
        }
    }
}
