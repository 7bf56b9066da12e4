import KDLayers
import KDTensor
import KDZoo

/// WRN-d-k: a 3x3 stem, three stages of `(d - 4) / 6` pre-activation blocks with
/// 16k, 32k, 64k channels (strides 1, 2, 2), BN-ReLU, global average pooling, a linear
/// classifier. Parameter names follow RepDistiller's `models/wrn.py` (`block1.layer.0.conv1.weight`).
///
/// Taps: `stem` (the first convolution), `stage1`...`stage3` (each stage's residual sum, which is
/// pre-activation: the next block or the final BN-ReLU applies the activation), `embedding`, `logits`.
/// Branchable before the last stage: the head is `block3`, `bn1` and `fc`.
public final class WideResNet: BranchableNetwork {
    let conv1: Conv2d
    let block1: WideStage
    let block2: WideStage
    let block3: WideStage
    let bn1: BatchNorm2d
    let fc: Linear

    public init(depth: Int, widthFactor: Int, inChannels: Int, classes: Int) {
        precondition(depth >= 10 && (depth - 4) % 6 == 0, "WRN depth must be 6n + 4, got \(depth)")
        let blocks = (depth - 4) / 6
        let widths = [16, 16 * widthFactor, 32 * widthFactor, 64 * widthFactor]
        conv1 = Conv2d(inChannels: inChannels, outChannels: widths[0], kernelSize: 3, padding: 1, bias: false)
        block1 = WideStage(blocks: blocks, inChannels: widths[0], outChannels: widths[1], stride: 1)
        block2 = WideStage(blocks: blocks, inChannels: widths[1], outChannels: widths[2], stride: 2)
        block3 = WideStage(blocks: blocks, inChannels: widths[2], outChannels: widths[3], stride: 2)
        bn1 = BatchNorm2d(features: widths[3])
        fc = Linear(inFeatures: widths[3], outFeatures: classes)
        HeInitialization.convolutions(in: self)
        fc.bias.map { Init.constant($0, 0) }
    }

    public var headChildNames: [String] { ["block3", "bn1", "fc"] }

    public func forwardTrunk(_ input: Tensor) -> (features: [(name: String, tensor: Tensor)], output: Tensor) {
        let stem = conv1(input)
        let stage1 = block1(stem)
        let stage2 = block2(stage1)
        return ([(TapName.stem, stem), (TapName.stage(1), stage1), (TapName.stage(2), stage2)], stage2)
    }

    public func forwardHead(_ trunkOutput: Tensor) -> (features: [(name: String, tensor: Tensor)], logits: Tensor) {
        let stage3 = block3(trunkOutput)
        let embedding = bn1(stage3).relu().adaptiveAvgPool2d(outputSize: 1).flattened(from: 1)
        return ([(TapName.stage(3), stage3), (TapName.embedding, embedding)], fc(embedding))
    }
}

/// One stage: `blocks` wide blocks, the first changing width and stride (RepDistiller's `NetworkBlock`).
final class WideStage: Layer {
    let layer: Sequential

    init(blocks: Int, inChannels: Int, outChannels: Int, stride: Size2D) {
        layer = Sequential((0..<blocks).map { index in
            WideBlock(inChannels: index == 0 ? inChannels : outChannels, outChannels: outChannels,
                      stride: index == 0 ? stride : 1)
        })
    }

    func callAsFunction(_ input: Tensor) -> Tensor { layer(input) }
}

/// The pre-activation wide block: BN-ReLU-conv3x3-BN-ReLU-conv3x3 plus the input, or plus a 1x1
/// projection of the activated input when width or stride change.
final class WideBlock: Layer {
    let bn1: BatchNorm2d
    let conv1: Conv2d
    let bn2: BatchNorm2d
    let conv2: Conv2d
    let convShortcut: Conv2d?

    init(inChannels: Int, outChannels: Int, stride: Size2D) {
        bn1 = BatchNorm2d(features: inChannels)
        conv1 = Conv2d(inChannels: inChannels, outChannels: outChannels, kernelSize: 3, stride: stride, padding: 1, bias: false)
        bn2 = BatchNorm2d(features: outChannels)
        conv2 = Conv2d(inChannels: outChannels, outChannels: outChannels, kernelSize: 3, padding: 1, bias: false)
        convShortcut = inChannels == outChannels ? nil
            : Conv2d(inChannels: inChannels, outChannels: outChannels, kernelSize: 1, stride: stride, bias: false)
    }

    /// PyTorch's attribute is camelCase `convShortcut`, which the automatic snake_case naming would change.
    var namedChildren: [(name: String, module: Module)] {
        [("bn1", bn1), ("conv1", conv1), ("bn2", bn2), ("conv2", conv2)] + (convShortcut.map { [("convShortcut", $0)] } ?? [])
    }

    func callAsFunction(_ input: Tensor) -> Tensor {
        // With equal widths RepDistiller adds the raw input; otherwise the projection reads the
        // activated one, which is then computed once and kept.
        guard let convShortcut else { return residual(input, preActivated: false, adding: input) }
        let activated = bn1(input).relu()
        return residual(activated, preActivated: true, adding: convShortcut(activated))
    }

    /// conv2(relu(bn2(conv1(relu(bn1(input)))))) + shortcut, bn1 and its ReLU skipped when
    /// `preActivated`; conv2 adds the shortcut as it writes its output. Training recomputes bn2's
    /// ReLU output inside conv2 rather than keeping it; inference folds bn2 into conv1 instead.
    private func residual(_ input: Tensor, preActivated: Bool, adding shortcut: Tensor) -> Tensor {
        if bn2.isTraining {
            let hidden = preActivated ? conv1(input) : conv1(input, afterBatchNormReLU: bn1)
            return conv2(hidden, afterBatchNormReLU: bn2, adding: shortcut)
        }
        let hidden = preActivated ? conv1(input, thenBatchNorm: bn2, clamp: .relu)
                                  : conv1(input, afterBatchNormReLU: bn1, thenBatchNorm: bn2, clamp: .relu)
        return conv2(hidden, adding: shortcut)
    }
}
