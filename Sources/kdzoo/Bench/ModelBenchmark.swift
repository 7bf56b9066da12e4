import KDLayers
import KDTensor
import KDZoo

/// One architecture's throughput on its standard input (see ``BenchWorkload``): inference
/// (evaluation mode, no recording), then one training step (forward, cross-entropy, backward,
/// SGD with momentum and weight decay).
struct ModelBenchmark {
    let batch: Int
    let timing: BenchTiming

    /// The inference and train-step rows of `spec`, named `row`.
    func measure(_ spec: ModelSpec, row: String) throws -> [BenchRow] {
        let start = ResidentMemory.currentMegabytes()
        let workload = try BenchWorkload(for: spec, batch: batch)
        let network = try workload.makeNetwork(spec)
        let images = workload.samples, labels = workload.labels

        network.eval()
        let inference = timing.median { _ = noGrad { network.forward(images) } }
        let afterInference = ResidentMemory.peakMegabytes()

        network.train()
        let optimizer = SGD(parameters: network.parameters, learningRate: 0.01, momentum: 0.9, weightDecay: 5e-4)
        let trainStep = timing.median {
            optimizer.zeroGrad()
            crossEntropy(logits: network.forward(images).logits, labels: labels).backward()
            optimizer.step()
        }
        let afterTraining = ResidentMemory.peakMegabytes()

        let parameters = network.parameterCount
        return [
            BenchRow(row: row, measure: "inference", unit: workload.unit, value: Double(batch) / inference.seconds,
                     seconds: inference.seconds, cpuSeconds: inference.cpuSeconds,
                     parameters: parameters, memory: (start, afterInference)),
            BenchRow(row: row, measure: "train", unit: workload.unit, value: Double(batch) / trainStep.seconds,
                     seconds: trainStep.seconds, cpuSeconds: trainStep.cpuSeconds,
                     parameters: parameters, memory: (start, afterTraining)),
        ]
    }
}
