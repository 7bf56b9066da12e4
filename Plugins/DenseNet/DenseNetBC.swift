import KDLayers
import KDTensor
import KDZoo

/// DenseNet-BC: a 3x3 stem of 2k channels, three dense blocks of `(L - 4) / 6` bottleneck
/// layers each adding k channels, transitions that halve channels and resolution between
/// them, BN-ReLU, global average pooling and a linear classifier.
///
/// Parameter names follow the widely used PyTorch CIFAR DenseNet (bamos/densenet.pytorch):
/// `conv1`, `dense1.0.bn1`, `dense1.0.conv1`, `trans1.conv1`, ..., `bn1`, `fc`.
///
/// Taps: `stem`, `stage1` and `stage2` (the transitions' outputs), `stage3` (the last dense
/// block's output); all pre-activation, as each following layer starts with BN-ReLU; then
/// `embedding`, `logits`. Branchable before the last stage: the head is `dense3`, `bn1` and `fc`.
public final class DenseNetBC: BranchableNetwork {
    let conv1: Conv2d
    let dense1: Sequential
    let trans1: Transition
    let dense2: Sequential
    let trans2: Transition
    let dense3: Sequential
    let bn1: BatchNorm2d
    let fc: Linear

    public init(depth: Int, growthRate: Int, inChannels: Int, classes: Int) {
        precondition(depth >= 10 && (depth - 4) % 6 == 0, "DenseNet-BC depth must be 6n + 4, got \(depth)")
        let layers = (depth - 4) / 6
        func denseBlock(_ channels: inout Int) -> Sequential {
            let block = Sequential((0..<layers).map { index in
                DenseLayer(inChannels: channels + index * growthRate, growthRate: growthRate)
            })
            channels += layers * growthRate
            return block
        }
        func transition(_ channels: inout Int) -> Transition {
            let compressed = channels / 2
            defer { channels = compressed }
            return Transition(inChannels: channels, outChannels: compressed)
        }
        var channels = 2 * growthRate
        conv1 = Conv2d(inChannels: inChannels, outChannels: channels, kernelSize: 3, padding: 1, bias: false)
        dense1 = denseBlock(&channels)
        trans1 = transition(&channels)
        dense2 = denseBlock(&channels)
        trans2 = transition(&channels)
        dense3 = denseBlock(&channels)
        bn1 = BatchNorm2d(features: channels)
        fc = Linear(inFeatures: channels, outFeatures: classes)
        HeInitialization.convolutions(in: self)
        fc.bias.map { Init.constant($0, 0) }
    }

    public var headChildNames: [String] { ["dense3", "bn1", "fc"] }

    public func forwardTrunk(_ input: Tensor) -> (features: [(name: String, tensor: Tensor)], output: Tensor) {
        let stem = conv1(input)
        let stage1 = trans1(dense1(stem))
        let stage2 = trans2(dense2(stage1))
        return ([(TapName.stem, stem), (TapName.stage(1), stage1), (TapName.stage(2), stage2)], stage2)
    }

    public func forwardHead(_ trunkOutput: Tensor) -> (features: [(name: String, tensor: Tensor)], logits: Tensor) {
        let stage3 = dense3(trunkOutput)
        let embedding = bn1(stage3).relu().adaptiveAvgPool2d(outputSize: 1).flattened(from: 1)
        return ([(TapName.stage(3), stage3), (TapName.embedding, embedding)], fc(embedding))
    }
}

/// The bottleneck layer: BN-ReLU-conv1x1 to 4k channels, BN-ReLU-conv3x3 to k channels,
/// concatenated after its input.
final class DenseLayer: Layer {
    let bn1: BatchNorm2d
    let conv1: Conv2d
    let bn2: BatchNorm2d
    let conv2: Conv2d

    init(inChannels: Int, growthRate: Int) {
        bn1 = BatchNorm2d(features: inChannels)
        conv1 = Conv2d(inChannels: inChannels, outChannels: 4 * growthRate, kernelSize: 1, bias: false)
        bn2 = BatchNorm2d(features: 4 * growthRate)
        conv2 = Conv2d(inChannels: 4 * growthRate, outChannels: growthRate, kernelSize: 3, padding: 1, bias: false)
    }

    func callAsFunction(_ input: Tensor) -> Tensor {
        let new = conv2(conv1(input, afterBatchNormReLU: bn1), afterBatchNormReLU: bn2)
        return Tensor.concatenate([input, new], alongAxis: 1)
    }
}

/// BN-ReLU-conv1x1 to fewer channels, then 2x2 average pooling.
final class Transition: Layer {
    let bn1: BatchNorm2d
    let conv1: Conv2d

    init(inChannels: Int, outChannels: Int) {
        bn1 = BatchNorm2d(features: inChannels)
        conv1 = Conv2d(inChannels: inChannels, outChannels: outChannels, kernelSize: 1, bias: false)
    }

    func callAsFunction(_ input: Tensor) -> Tensor {
        conv1(input, afterBatchNormReLU: bn1).avgPool2d(kernelSize: 2)
    }
}
