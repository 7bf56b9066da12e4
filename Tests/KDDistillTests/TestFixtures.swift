import KDDistill
import KDLayers
import KDTensor
import KDZoo

/// A two-layer perceptron as a zoo network, small enough for exact tests.
final class TinyNetwork: Network {
    let fc1: Linear
    let fc2: Linear

    init(inputs: Int, hidden: Int, classes: Int, seed: UInt64) {
        (fc1, fc2) = withRandomSeed(seed) {
            (Linear(inFeatures: inputs, outFeatures: hidden), Linear(inFeatures: hidden, outFeatures: classes))
        }
    }

    func forward(_ input: Tensor) -> NetworkOutput {
        let hidden = fc1(input.flattened()).relu()
        return NetworkOutput(logits: fc2(hidden), features: [(TapName.embedding, hidden)])
    }
}

/// Samples held in memory, shuffled per epoch by a seed: by default Gaussian blobs around one
/// centre per class.
struct BlobBatches: BatchProvider {
    let inputs: Tensor
    let labels: [Int]
    let batchSize: Int
    let shuffleSeed: UInt64?

    init(samples: Int, classes: Int, features: Int, batchSize: Int, seed: UInt64, shuffleSeed: UInt64?) {
        var generator = SeededGenerator(seed: 99)
        let centres = Tensor.randomNormal([classes, features], std: 2, using: &generator)
        var sampleGenerator = SeededGenerator(seed: seed)
        let inputs = Tensor(uninitializedShape: [samples, features])
        var labels: [Int] = []
        for i in 0..<samples {
            let label = i % classes
            labels.append(label)
            for f in 0..<features {
                inputs.pointer[i * features + f] = centres[label, f] + sampleGenerator.nextNormal()
            }
        }
        self.init(inputs: inputs, labels: labels, batchSize: batchSize, shuffleSeed: shuffleSeed)
    }

    /// Given samples `[N, ...]` and their labels.
    init(inputs: Tensor, labels: [Int], batchSize: Int, shuffleSeed: UInt64?) {
        self.inputs = inputs
        self.labels = labels
        self.batchSize = batchSize
        self.shuffleSeed = shuffleSeed
    }

    var sampleCount: Int { labels.count }
    var batchCount: Int { (labels.count + batchSize - 1) / batchSize }
    var isAugmented: Bool { false }

    func batch(_ index: Int, epoch: Int) throws -> TrainingBatch {
        var order = Array(0..<labels.count)
        if let shuffleSeed {
            var generator = SeededGenerator(seed: shuffleSeed &+ UInt64(epoch))
            order.shuffle(using: &generator)
        }
        let rows = Array(order[(index * batchSize)..<min((index + 1) * batchSize, order.count)])
        return TrainingBatch(inputs: inputs.indexSelect(rows, alongAxis: 0), labels: rows.map { labels[$0] },
                             sampleIndices: rows)
    }
}

extension InputSpec {
    static func vector(_ size: Int) -> InputSpec { try! InputSpec(.flat, shape: [size]) }
}
