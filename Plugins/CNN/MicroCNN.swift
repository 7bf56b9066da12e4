import KDLayers
import KDTensor
import KDZoo

/// A CNN small enough for a microcontroller: three 3x3 conv-BN-ReLU layers of 8, 16 and 16
/// channels with 2x2 max-pooling after the first two, global average pooling and a linear
/// classifier — about 3,800 parameters for 1x28x28 and 10 classes, independent of image size.
///
/// Taps: `stage1`...`stage3` (after each ReLU, before pooling), `embedding`, `logits`.
/// Branchable before the last stage: the head is `conv3`, `bn3` and `fc`.
public final class MicroCNN: BranchableNetwork {
    static let widths = [8, 16, 16]
    /// Two 2x2 max-pools need at least 4 pixels a side.
    static let smallestSide = 4

    let conv1: Conv2d
    let bn1: BatchNorm2d
    let conv2: Conv2d
    let bn2: BatchNorm2d
    let conv3: Conv2d
    let bn3: BatchNorm2d
    let fc: Linear

    public init(inChannels: Int, classes: Int) {
        let widths = Self.widths
        conv1 = Conv2d(inChannels: inChannels, outChannels: widths[0], kernelSize: 3, padding: 1, bias: false)
        bn1 = BatchNorm2d(features: widths[0])
        conv2 = Conv2d(inChannels: widths[0], outChannels: widths[1], kernelSize: 3, padding: 1, bias: false)
        bn2 = BatchNorm2d(features: widths[1])
        conv3 = Conv2d(inChannels: widths[1], outChannels: widths[2], kernelSize: 3, padding: 1, bias: false)
        bn3 = BatchNorm2d(features: widths[2])
        fc = Linear(inFeatures: widths[2], outFeatures: classes)
    }

    public var headChildNames: [String] { ["conv3", "bn3", "fc"] }

    public func forwardTrunk(_ input: Tensor) -> (features: [(name: String, tensor: Tensor)], output: Tensor) {
        let stage1 = bn1(conv1(input)).relu()
        let stage2 = bn2(conv2(stage1.maxPool2d(kernelSize: 2))).relu()
        return ([(TapName.stage(1), stage1), (TapName.stage(2), stage2)], stage2.maxPool2d(kernelSize: 2))
    }

    public func forwardHead(_ trunkOutput: Tensor) -> (features: [(name: String, tensor: Tensor)], logits: Tensor) {
        let stage3 = bn3(conv3(trunkOutput)).relu()
        let embedding = stage3.adaptiveAvgPool2d(outputSize: 1).flattened(from: 1)
        return ([(TapName.stage(3), stage3), (TapName.embedding, embedding)], fc(embedding))
    }
}
