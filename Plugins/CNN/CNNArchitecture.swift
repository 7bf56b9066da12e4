import KDZoo

/// Small convolutional networks: `lenet5`, LeCun et al.'s LeNet-5 with ReLU and max-pooling,
/// and `micro`, a three-layer CNN of a few thousand parameters for microcontroller-class devices.
public struct CNNArchitecture: Architecture {
    public init() {}

    public var name: String { "cnn" }
    public var summary: String { "small CNNs: LeNet-5 and a micro CNN for edge devices" }
    public var task: Task { .imageClassification }
    public var variants: [String] { ["micro", "lenet5"] }
    public var defaultVariant: String { "lenet5" }
    public var inputLayouts: [InputLayout] { [.image] }
    public var defaultInput: InputSpec { .mnist }
    public var defaultClasses: Int { 10 }

    /// What the smaller of the two needs; LeNet-5's larger minimum is checked when it is built.
    public func validate(_ input: InputSpec) throws {
        try checkLayout(of: input)
        try checkImageSide(of: input, atLeast: MicroCNN.smallestSide, because: "the micro CNN pools twice")
    }

    public func makeNetwork(variant: String, input: InputSpec, classes: Int) throws -> any Network {
        switch variant {
        case "lenet5":
            try checkImageSide(of: input, atLeast: LeNet5.smallestSide, because: "LeNet-5 has two 5x5 convolutions and two pools")
            return LeNet5(input: input, classes: classes)
        case "micro": return MicroCNN(inChannels: input.shape[0], classes: classes)
        default: throw ZooError.unknownVariant(architecture: name, variant: variant, known: variants)
        }
    }
}
