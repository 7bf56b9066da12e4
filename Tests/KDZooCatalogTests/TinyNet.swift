// The plugin README.md walks through ("Writing an architecture plugin"), defined here so the
// tests prove that a plugin written that way is listed, builds, trains and distils.
// In a real plugin these two types live in Plugins/TinyNet/.
import KDLayers
import KDTensor
import KDZoo

/// The family: a name, its variants (here the width of the network), the inputs it reads.
public struct TinyNetArchitecture: Architecture {
    public init() {}

    public var name: String { "tinynet" }
    public var summary: String { "two conv-BN-ReLU stages and a linear head (plugin guide example)" }
    public var task: Task { .imageClassification }
    public var variants: [String] { ["8", "16"] }
    public var defaultVariant: String { "16" }
    public var inputLayouts: [InputLayout] { [.image] }

    public func makeNetwork(variant: String, input: InputSpec, classes: Int) throws -> any Network {
        guard let width = Int(variant) else {
            throw ZooError.unknownVariant(architecture: name, variant: variant, known: variants)
        }
        return TinyNet(inChannels: input.shape[0], width: width, classes: classes)
    }
}

/// The network: layers as stored properties (their names are the state-dict names), and a
/// forward pass that returns the logits with the stage outputs and the embedding as taps.
public final class TinyNet: Network {
    let conv1: Conv2d
    let bn1: BatchNorm2d
    let conv2: Conv2d
    let bn2: BatchNorm2d
    let fc: Linear

    public init(inChannels: Int, width: Int, classes: Int) {
        conv1 = Conv2d(inChannels: inChannels, outChannels: width, kernelSize: 3, padding: 1, bias: false)
        bn1 = BatchNorm2d(features: width)
        conv2 = Conv2d(inChannels: width, outChannels: 2 * width, kernelSize: 3, stride: 2, padding: 1, bias: false)
        bn2 = BatchNorm2d(features: 2 * width)
        fc = Linear(inFeatures: 2 * width, outFeatures: classes)
    }

    public func forward(_ input: Tensor) -> NetworkOutput {
        let stage1 = bn1(conv1(input)).relu()
        let stage2 = bn2(conv2(stage1)).relu()
        let embedding = stage2.adaptiveAvgPool2d(outputSize: 1).flattened(from: 1)
        return NetworkOutput(logits: fc(embedding), features: [
            (TapName.stage(1), stage1), (TapName.stage(2), stage2), (TapName.embedding, embedding),
        ])
    }
}
