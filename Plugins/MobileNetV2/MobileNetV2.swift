import KDLayers
import KDTensor
import KDZoo

/// MobileNetV2: a 3x3 stride-2 conv-BN-ReLU stem, seven groups of inverted residual blocks
/// (table 2 of the paper, with RepDistiller's CIFAR strides), a 1x1 conv-BN-ReLU to 1280
/// channels, global average pooling and a linear classifier.
///
/// Parameter names follow RepDistiller: `conv1.0`, `blocks.3.1.conv.4`, `conv2.0`, `classifier.0`.
///
/// Taps follow RepDistiller's features: `stem`, then `stage1`...`stage4` after block groups 2, 3,
/// 5 and 7 (24, 32, 96, 320 channels at width 1), which are linear bottleneck outputs (no
/// activation), `embedding`, `logits`. Branchable before the last stage: the head is block groups
/// 6 and 7, `conv2` and the classifier.
public final class MobileNetV2: BranchableNetwork {
    /// Block groups: expansion `t`, output channels `c`, blocks `n`, stride of the first `s`.
    static let groups: [(t: Int, c: Int, n: Int, s: Size2D)] = [
        (1, 16, 1, 1), (6, 24, 2, 1), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1),
    ]
    /// The block groups after which a stage ends (0-based).
    static let stageEnds = [1, 2, 4, 6]

    let conv1: Sequential
    let blocks: [Sequential]
    let conv2: Sequential
    let classifier: Sequential

    public init(widthMultiplier: Double, input: InputSpec, classes: Int) {
        func scaled(_ channels: Int) -> Int { Int(Double(channels) * widthMultiplier) }
        var channels = scaled(32)
        conv1 = Self.convBNReLU(input.shape[0], channels, kernelSize: 3, stride: 2, padding: 1)
        let large = input.shape.dropFirst().contains { $0 > 64 }
        blocks = Self.groups.enumerated().map { index, group in
            let output = scaled(group.c)
            let firstStride = index == 1 && large ? 2 : group.s
            let layer = Sequential((0..<group.n).map { block in
                InvertedResidual(inChannels: block == 0 ? channels : output, outChannels: output,
                                 stride: block == 0 ? firstStride : 1, expansion: group.t)
            })
            channels = output
            return layer
        }
        let lastChannels = widthMultiplier > 1 ? scaled(1280) : 1280
        conv2 = Self.convBNReLU(channels, lastChannels, kernelSize: 1, stride: 1, padding: 0)
        let linear = Linear(inFeatures: lastChannels, outFeatures: classes)
        classifier = Sequential([linear])
        HeInitialization.convolutions(in: self)
        Init.normal(linear.weight, std: 0.01)
        linear.bias.map { Init.constant($0, 0) }
    }

    private static func convBNReLU(_ inChannels: Int, _ outChannels: Int, kernelSize: Size2D, stride: Size2D,
                                   padding: Size2D) -> Sequential {
        Sequential {
            Conv2d(inChannels: inChannels, outChannels: outChannels, kernelSize: kernelSize, stride: stride,
                   padding: padding, bias: false)
            BatchNorm2d(features: outChannels)
            ReLU()
        }
    }

    /// The block groups of the last stage.
    private static var headGroups: Range<Int> { (stageEnds[stageEnds.count - 2] + 1)..<groups.count }

    public var headChildNames: [String] { Self.headGroups.map { "blocks.\($0)" } + ["conv2", "classifier"] }

    public func forwardTrunk(_ input: Tensor) -> (features: [(name: String, tensor: Tensor)], output: Tensor) {
        var x = conv1(input)
        var features: [(name: String, tensor: Tensor)] = [(TapName.stem, x)]
        x = runGroups(0..<Self.headGroups.lowerBound, on: x, tappingInto: &features)
        return (features, x)
    }

    public func forwardHead(_ trunkOutput: Tensor) -> (features: [(name: String, tensor: Tensor)], logits: Tensor) {
        var features: [(name: String, tensor: Tensor)] = []
        let x = runGroups(Self.headGroups, on: trunkOutput, tappingInto: &features)
        let embedding = conv2(x).adaptiveAvgPool2d(outputSize: 1).flattened(from: 1)
        features.append((TapName.embedding, embedding))
        return (features, classifier(embedding))
    }

    /// Runs the block groups `range`, adding a stage tap after each group that ends a stage.
    private func runGroups(_ range: Range<Int>, on input: Tensor, tappingInto features: inout [(name: String, tensor: Tensor)]) -> Tensor {
        var x = input
        for index in range {
            x = blocks[index](x)
            if let stage = Self.stageEnds.firstIndex(of: index) { features.append((TapName.stage(stage + 1), x)) }
        }
        return x
    }
}

/// The inverted residual with linear bottleneck: 1x1 expansion conv-BN-ReLU, 3x3 depthwise
/// conv-BN-ReLU, 1x1 projection conv-BN, plus the input when shapes allow.
final class InvertedResidual: Layer {
    let conv: Sequential
    private let addsInput: Bool

    init(inChannels: Int, outChannels: Int, stride: Size2D, expansion: Int) {
        let hidden = inChannels * expansion
        // RepDistiller keeps the expansion conv even at expansion 1, so its state dict has it.
        conv = Sequential {
            Conv2d(inChannels: inChannels, outChannels: hidden, kernelSize: 1, bias: false)
            BatchNorm2d(features: hidden)
            ReLU()
            Conv2d(inChannels: hidden, outChannels: hidden, kernelSize: 3, stride: stride,
                   padding: 1, groups: hidden, bias: false)
            BatchNorm2d(features: hidden)
            ReLU()
            Conv2d(inChannels: hidden, outChannels: outChannels, kernelSize: 1, bias: false)
            BatchNorm2d(features: outChannels)
        }
        addsInput = stride == 1 && inChannels == outChannels
    }

    func callAsFunction(_ input: Tensor) -> Tensor {
        addsInput ? input + conv(input) : conv(input)
    }
}
