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
        let wasTraining = network.namedModules.contains { ($0.module as? any ModeDependent)?.isTraining == true }
        network.eval()
        defer { if wasTraining { network.train() } }
        var accuracy = ClassificationAccuracy()
        for index in 0..<data.batchCount {
            let batch = try data.batch(index, epoch: epoch)
            let logits = noGrad { network(batch.inputs.reshaped(to: [batch.labels.count] + input.shape)).logits }
            accuracy.add(logits: logits, labels: batch.labels)
        }
        return accuracy
    }

    /// The median wall-clock time of one forward pass on a single sample, in milliseconds,
    /// after `warmup` untimed passes.
    public static func latencyMilliseconds(of network: any Network, input: InputSpec,
                                           repeats: Int = 30, warmup: Int = 5) -> Double {
        network.eval()
        var generator = SeededGenerator(seed: 1)
        let sample = Tensor.randomUniform([1] + input.shape, using: &generator)
        var times: [Double] = []
        for run in 0..<(warmup + repeats) {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = noGrad { network(sample) }
            if run >= warmup { times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6) }
        }
        return times.sorted()[times.count / 2]
    }
}
