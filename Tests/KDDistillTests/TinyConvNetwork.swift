import KDLayers
import KDTensor
import KDZoo

/// A small convolutional network on `[1, 8, 8]` images with `stages` stage taps (8x8, then
/// halving), an embedding and logits; branchable before its last stage (for ONE).
final class TinyConvNetwork: BranchableNetwork {
    let stem: Conv2d
    let stages: [Sequential]
    let fc: Linear

    init(channels: Int, stages: Int = 3, classes: Int, seed: UInt64) {
        (stem, self.stages, fc) = withRandomSeed(seed) {
            (Conv2d(inChannels: 1, outChannels: channels, kernelSize: 3, padding: 1),
             (0..<stages).map { index in
                 Sequential {
                     Conv2d(inChannels: channels, outChannels: channels, kernelSize: 3, stride: index == 0 ? 1 : 2, padding: 1)
                     BatchNorm2d(features: channels)
                     ReLU()
                 }
             },
             Linear(inFeatures: channels, outFeatures: classes))
        }
    }

    static let input = try! InputSpec.image(channels: 1, height: 8, width: 8)

    var headChildNames: [String] { ["stages.\(stages.count - 1)", "fc"] }

    func forwardTrunk(_ input: Tensor) -> (features: [(name: String, tensor: Tensor)], output: Tensor) {
        var x = stem(input).relu()
        var features: [(name: String, tensor: Tensor)] = [(TapName.stem, x)]
        for (index, stage) in stages.dropLast().enumerated() {
            x = stage(x)
            features.append((TapName.stage(index + 1), x))
        }
        return (features, x)
    }

    func forwardHead(_ trunkOutput: Tensor) -> (features: [(name: String, tensor: Tensor)], logits: Tensor) {
        let last = stages.last!(trunkOutput)
        let embedding = last.adaptiveAvgPool2d(outputSize: 1).flattened(from: 1)
        return ([(TapName.stage(stages.count), last), (TapName.embedding, embedding)], fc(embedding))
    }
}

extension BlobBatches {
    /// `[1, 8, 8]` images of four textures (horizontal stripes, vertical stripes, checkerboard,
    /// flat), one per class, plus noise: learnable by small convolutions and global pooling.
    static func images(samples: Int, batchSize: Int, seed: UInt64, shuffleSeed: UInt64?) -> BlobBatches {
        var generator = SeededGenerator(seed: seed)
        let inputs = Tensor(uninitializedShape: [samples, 1, 8, 8])
        let labels = (0..<samples).map { $0 % 4 }
        let patterns: [(Int, Int) -> Bool] = [{ r, _ in r % 2 == 0 }, { _, c in c % 2 == 0 }, { r, c in (r + c) % 2 == 0 }, { _, _ in false }]
        for (i, label) in labels.enumerated() {
            for p in 0..<64 {
                inputs.pointer[i * 64 + p] = (patterns[label](p / 8, p % 8) ? 1.5 : 0) + 0.5 * generator.nextNormal()
            }
        }
        return BlobBatches(inputs: inputs, labels: labels, batchSize: batchSize, shuffleSeed: shuffleSeed)
    }
}
