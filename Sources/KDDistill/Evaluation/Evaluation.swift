import Foundation
import KDLayers
import KDTensor
import KDZoo

/// Measurements of a trained network: accuracy on a split, and inference latency.
public enum Evaluation {
    /// Top-1/top-5 accuracy of `network` over every batch of `data`, in evaluation mode
    /// without recording. The network's previous mode is restored afterwards.
    public static func accuracy(of network: any Network, input: InputSpec, on data: BatchProvider,
                                epoch: Int = 0) throws -> ClassificationAccuracy {
        try evaluating(network) {
            var accuracy = ClassificationAccuracy()
            for index in 0..<data.batchCount {
                let batch = try data.batch(index, epoch: epoch)
                let logits = noGrad { network(batch.inputs.reshaped(to: [batch.count] + input.shape), context: batch.context).logits }
                accuracy.add(logits: logits, labels: batch.labels)
            }
            return accuracy
        }
    }

    /// Sequence accuracy and token error rate of a sequence-to-sequence `network` over every batch
    /// of `data`: each source is decoded on its own (greedy for `beamWidth` 1, else beam search),
    /// up to twice the dataset's target width, and compared with its target sequence.
    public static func sequenceAccuracy(of network: any SequenceGenerating, input: InputSpec, on data: BatchProvider,
                                        beamWidth: Int = 1) throws -> SequenceAccuracy {
        try evaluating(network) {
            var accuracy = SequenceAccuracy()
            for index in 0..<data.batchCount {
                let batch = try data.batch(index, epoch: 0)
                guard let targets = batch.targets else {
                    throw TrainingError.invalidConfiguration("dataset: a sequence-to-sequence model needs target sequences (y [N, L]), the data has class labels")
                }
                let predictions = network.generate(batch.inputs.reshaped(to: [batch.count] + input.shape), lengths: batch.lengths,
                                                   maxLength: 2 * (targets.steps - 1), beamWidth: beamWidth)
                accuracy.add(predictions: predictions, references: targets.tokens)
            }
            return accuracy
        }
    }

    /// The figures `network`'s task is judged by (``EvaluationScore``): classification accuracy,
    /// or for a sequence-to-sequence model sequence accuracy and token error rate, decoding with
    /// `beamWidth`.
    public static func score(of network: any Network, input: InputSpec, on data: BatchProvider,
                             beamWidth: Int = 1) throws -> EvaluationScore {
        if let generator = network as? any SequenceGenerating {
            let result = try sequenceAccuracy(of: generator, input: input, on: data, beamWidth: beamWidth)
            return EvaluationScore(accuracy: result.sequenceAccuracy, tokenErrorRate: result.tokenErrorRate, samples: result.sequences)
        }
        let result = try accuracy(of: network, input: input, on: data)
        return EvaluationScore(accuracy: result.top1, top5: result.topK, samples: result.samples)
    }

    /// The median wall-clock time to answer one random sample, in milliseconds, after `warmup`
    /// untimed runs: one forward pass, or for a sequence-to-sequence model one decoding with
    /// `beamWidth` (up to the source's length in tokens).
    public static func latencyMilliseconds(of network: any Network, input: InputSpec, beamWidth: Int = 1,
                                           repeats: Int = 30, warmup: Int = 5) -> Double {
        network.eval()
        var generator = SeededGenerator(seed: 1)
        let sample = input.randomBatch(1, using: &generator)
        let answer: () -> Void = if let decoder = network as? any SequenceGenerating {
            { _ = decoder.generate(sample, lengths: nil, maxLength: input.shape[0], beamWidth: beamWidth) }
        } else {
            { _ = noGrad { network(sample) } }
        }
        var times: [Double] = []
        for run in 0..<(warmup + repeats) {
            let start = DispatchTime.now().uptimeNanoseconds
            answer()
            if run >= warmup { times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6) }
        }
        return times.sorted()[times.count / 2]
    }

    /// Runs `body` with `network` in evaluation mode, restoring training mode afterwards if it was on.
    private static func evaluating<Result>(_ network: any Network, _ body: () throws -> Result) rethrows -> Result {
        let wasTraining = network.namedModules.contains { ($0.module as? any ModeDependent)?.isTraining == true }
        network.eval()
        defer { if wasTraining { network.train() } }
        return try body()
    }
}
