import KDLayers
import KDTensor
import KDZoo

/// Per-architecture throughput on CIFAR-100-shaped batches: inference (evaluation mode, no
/// recording) and one training step (forward, cross-entropy, backward, SGD with momentum).
struct ModelBenchmark {
    /// One network's measurements; times are medians per batch.
    struct Result: Encodable {
        let model: String
        let parameters: Int
        let macsPerImage: Int
        let batch: Int
        let inferenceSeconds: Double
        let trainStepSeconds: Double
        let inferenceImagesPerSecond: Double
        let trainImagesPerSecond: Double

        init(model: String, parameters: Int, macsPerImage: Int, batch: Int, inferenceSeconds: Double, trainStepSeconds: Double) {
            self.model = model
            self.parameters = parameters
            self.macsPerImage = macsPerImage
            self.batch = batch
            self.inferenceSeconds = inferenceSeconds
            self.trainStepSeconds = trainStepSeconds
            inferenceImagesPerSecond = Double(batch) / inferenceSeconds
            trainImagesPerSecond = Double(batch) / trainStepSeconds
        }
    }

    static let data = InputSpec.cifar
    static let classes = 100

    let batch: Int
    let repeats: Int

    /// Measures `spec` on `batch` random 3x32x32 images (as the architecture reads them).
    func measure(_ spec: ModelSpec) throws -> Result {
        guard let input = spec.architecture.presentation(of: Self.data) else {
            try spec.architecture.validate(Self.data)
            throw ZooError.unsupportedInput(architecture: spec.name, input: Self.data, reason: "no presentation of it fits")
        }
        let network = try withRandomSeed(1) { try spec.makeNetwork(input: input, classes: Self.classes) }
        let macs = NetworkProfile(profiling: network, input: input).macs
        var generator = SeededGenerator(seed: 2)
        let images = Tensor.randomNormal([batch] + input.shape, using: &generator)
        let labels = (0..<batch).map { $0 % Self.classes }

        network.eval()
        let inference = Stopwatch.median(repeats: repeats, warmUps: 1) { _ = noGrad { network.forward(images) } }

        network.train()
        let optimizer = SGD(parameters: network.parameters, learningRate: 0.01, momentum: 0.9, weightDecay: 5e-4)
        let trainStep = Stopwatch.median(repeats: repeats, warmUps: 1) {
            optimizer.zeroGrad()
            crossEntropy(logits: network.forward(images).logits, labels: labels).backward()
            optimizer.step()
        }
        return Result(model: spec.name, parameters: network.parameterCount, macsPerImage: macs, batch: batch,
                      inferenceSeconds: inference, trainStepSeconds: trainStep)
    }

    /// The results as a table, in the order measured.
    static func render(_ results: [Result], repeats: Int) -> String {
        let batch = results.first?.batch ?? 0
        var table = TextTable(["model", "params", "MACs/image", "inference img/s", "train img/s", "train step"],
                              rightAligned: [1, 2, 3, 4, 5])
        for result in results {
            table.append([result.model, Quantity.count(result.parameters), Quantity.count(result.macsPerImage),
                          String(format: "%.0f", result.inferenceImagesPerSecond), String(format: "%.0f", result.trainImagesPerSecond),
                          String(format: "%.0f ms", 1000 * result.trainStepSeconds)])
        }
        return """
            Model throughput: batch \(batch) of 3x32x32 images, 100 classes, median of \(repeats) runs after a warm-up
            train step: forward, cross-entropy, backward, SGD with momentum

            \(table.render())
            """
    }
}
