import KDLayers
import KDTensor
import KDZoo

/// TinyNet with a deliberate fault in its backward pass, for proving the conformance checks can fail.
struct FaultyTinyNetArchitecture: Architecture {
    enum Fault: String {
        /// The first stage is cut off from the graph, so no gradient reaches conv1 and bn1.
        case detachedStage
        /// The logits pass their gradient on tripled, so every parameter's gradient is three times the true one.
        case tripledGradient
    }

    let fault: Fault

    var name: String { "tinynet-\(fault.rawValue.lowercased())" }
    var summary: String { "TinyNet with a faulty backward pass" }
    var task: Task { .imageClassification }
    var variants: [String] { ["8"] }
    var defaultVariant: String { "8" }
    var inputLayouts: [InputLayout] { [.image] }

    func makeNetwork(variant: String, input: InputSpec, classes: Int) throws -> any Network {
        FaultyTinyNet(fault: fault, inChannels: input.shape[0], classes: classes)
    }
}

private final class FaultyTinyNet: Network {
    let net: TinyNet
    private let fault: FaultyTinyNetArchitecture.Fault

    init(fault: FaultyTinyNetArchitecture.Fault, inChannels: Int, classes: Int) {
        self.fault = fault
        net = TinyNet(inChannels: inChannels, width: 8, classes: classes)
    }

    func forward(_ input: Tensor) -> NetworkOutput {
        switch fault {
        case .detachedStage:
            let stage1 = net.bn1(net.conv1(input)).relu().detached()
            let embedding = net.bn2(net.conv2(stage1)).relu().adaptiveAvgPool2d(outputSize: 1).flattened(from: 1)
            return NetworkOutput(logits: net.fc(embedding), features: [(TapName.stage(1), stage1), (TapName.embedding, embedding)])
        case .tripledGradient:
            let output = net.forward(input)
            let logits = output.logits.copy().recorded("tripledGradient", inputs: [output.logits]) { [$0 * 3] }
            return NetworkOutput(logits: logits, features: Array(output.taps.dropLast()))
        }
    }
}
