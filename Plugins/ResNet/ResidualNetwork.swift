import KDLayers
import KDTensor
import KDZoo

/// A ResNet of basic blocks: a stem (conv-BN-ReLU, max-pool for large inputs), stages of
/// blocks (the first of each stage but the first halving the resolution), global average
/// pooling and a linear classifier.
///
/// Parameter names follow RepDistiller: `conv1`, `bn1`, `layer1.0.conv1`, ..., the CIFAR
/// models' `layerN.0.downsample.{0,1}` and `fc`, the ImageNet-style models' `layerN.0.shortcut.{0,1}`
/// and `linear`.
///
/// Taps: `stem` and `stage1`...`stageN` after their ReLU (post-activation), `embedding`, `logits`.
/// Branchable before the last stage: the head is that stage (`layer3` or `layer4`) and the classifier.
public final class ResidualNetwork: BranchableNetwork {
    /// The stage layout of one family.
    public struct Configuration: Sendable {
        /// Output channels of the stem and of each stage.
        var stemWidth: Int
        var stageWidths: [Int]
        var blocksPerStage: [Int]
        /// How RepDistiller names the projection shortcut and the classifier in this family.
        var shortcutName: String
        var classifierName: String
        /// Whether the stem is ImageNet's 7x7 stride-2 convolution and max-pool for large inputs.
        var adaptsStemToInputSize: Bool

        /// `resnet.py`: depth `6n + 2`, three stages of n blocks, 16/16/32/64 channels (or 32/64/128/256).
        static func cifar(depth: Int, wide: Bool) -> Configuration {
            let n = (depth - 2) / 6
            return Configuration(stemWidth: wide ? 32 : 16, stageWidths: wide ? [64, 128, 256] : [16, 32, 64],
                                 blocksPerStage: [n, n, n], shortcutName: "downsample", classifierName: "fc",
                                 adaptsStemToInputSize: false)
        }

        /// `resnetv2.py`: four stages of 64/128/256/512 channels.
        static func imageNetStyle(blocks: [Int]) -> Configuration {
            Configuration(stemWidth: 64, stageWidths: [64, 128, 256, 512], blocksPerStage: blocks,
                          shortcutName: "shortcut", classifierName: "linear", adaptsStemToInputSize: true)
        }
    }

    /// Inputs larger than this (on either side) get the ImageNet stem.
    static let largestSmallInput = 64

    let conv1: Conv2d
    let bn1: BatchNorm2d
    let stages: [Sequential]
    let classifier: Linear
    private let classifierName: String
    private let usesMaxPool: Bool

    public init(_ configuration: Configuration, input: InputSpec, classes: Int) {
        let large = configuration.adaptsStemToInputSize && input.shape.dropFirst().contains { $0 > Self.largestSmallInput }
        conv1 = large
            ? Conv2d(inChannels: input.shape[0], outChannels: configuration.stemWidth, kernelSize: 7, stride: 2, padding: 3, bias: false)
            : Conv2d(inChannels: input.shape[0], outChannels: configuration.stemWidth, kernelSize: 3, padding: 1, bias: false)
        bn1 = BatchNorm2d(features: configuration.stemWidth)
        usesMaxPool = large
        var channels = configuration.stemWidth
        stages = zip(configuration.stageWidths, configuration.blocksPerStage).enumerated().map { index, stage in
            let (width, blocks) = stage
            let layer = Sequential((0..<blocks).map { block in
                BasicBlock(inChannels: block == 0 ? channels : width, outChannels: width,
                           stride: block == 0 && index > 0 ? 2 : 1, shortcutName: configuration.shortcutName)
            })
            channels = width
            return layer
        }
        classifier = Linear(inFeatures: channels, outFeatures: classes)
        classifierName = configuration.classifierName
        HeInitialization.convolutions(in: self)
    }

    public var namedChildren: [(name: String, module: Module)] {
        [("conv1", conv1), ("bn1", bn1)]
            + stages.enumerated().map { ("layer\($0.offset + 1)", $0.element) }
            + [(classifierName, classifier)]
    }

    public var headChildNames: [String] { ["layer\(stages.count)", classifierName] }

    public func forwardTrunk(_ input: Tensor) -> (features: [(name: String, tensor: Tensor)], output: Tensor) {
        var x = conv1(input, thenBatchNorm: bn1, clamp: .relu)
        if usesMaxPool { x = x.maxPool2d(kernelSize: 3, stride: 2, padding: 1) }
        var features: [(name: String, tensor: Tensor)] = [(TapName.stem, x)]
        for (index, stage) in stages.dropLast().enumerated() {
            x = stage(x)
            features.append((TapName.stage(index + 1), x))
        }
        return (features, x)
    }

    public func forwardHead(_ trunkOutput: Tensor) -> (features: [(name: String, tensor: Tensor)], logits: Tensor) {
        let last = stages.last!(trunkOutput)
        let embedding = last.adaptiveAvgPool2d(outputSize: 1).flattened(from: 1)
        return ([(TapName.stage(stages.count), last), (TapName.embedding, embedding)], classifier(embedding))
    }
}

/// Two 3x3 conv-BN layers around a ReLU, plus the input (or its 1x1 conv-BN projection when
/// width or stride change), then ReLU.
final class BasicBlock: Layer {
    let conv1: Conv2d
    let bn1: BatchNorm2d
    let conv2: Conv2d
    let bn2: BatchNorm2d
    let projection: Sequential?
    private let shortcutName: String

    init(inChannels: Int, outChannels: Int, stride: Size2D, shortcutName: String) {
        conv1 = Conv2d(inChannels: inChannels, outChannels: outChannels, kernelSize: 3, stride: stride, padding: 1, bias: false)
        bn1 = BatchNorm2d(features: outChannels)
        conv2 = Conv2d(inChannels: outChannels, outChannels: outChannels, kernelSize: 3, padding: 1, bias: false)
        bn2 = BatchNorm2d(features: outChannels)
        projection = stride == 1 && inChannels == outChannels ? nil : Sequential([
            Conv2d(inChannels: inChannels, outChannels: outChannels, kernelSize: 1, stride: stride, bias: false),
            BatchNorm2d(features: outChannels),
        ])
        self.shortcutName = shortcutName
    }

    var namedChildren: [(name: String, module: Module)] {
        [("conv1", conv1), ("bn1", bn1), ("conv2", conv2), ("bn2", bn2)] + (projection.map { [(shortcutName, $0)] } ?? [])
    }

    func callAsFunction(_ input: Tensor) -> Tensor {
        let shortcut = projection.map { $0(input) } ?? input
        // Training recomputes bn1's ReLU output inside conv2 rather than keeping it; inference
        // folds each batch norm into the convolution before it instead. Either way the shortcut
        // and the last ReLU are applied as the block's output is written.
        guard !bn1.isTraining else { return bn2(conv2(conv1(input), afterBatchNormReLU: bn1), adding: shortcut, clamp: .relu) }
        return conv2(conv1(input, thenBatchNorm: bn1, clamp: .relu), thenBatchNorm: bn2, adding: shortcut, clamp: .relu)
    }
}
