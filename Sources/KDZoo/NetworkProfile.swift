import KDLayers
import KDTensor

/// One parameterised layer of a profiled network.
public struct LayerProfile: Codable, Sendable {
    /// The module's path, as in the state dict: `layer1.0.conv1`.
    public let path: String
    /// The module's type: `Conv2d`, `BatchNorm2d`, `Linear`.
    public let kind: String
    /// The layer's output for one sample (batch axis dropped); `nil` if the forward pass never used it.
    public let outputShape: [Int]?
    /// Trainable scalars owned directly by this module.
    public let parameters: Int
    /// Multiply-accumulates for one sample.
    public let macs: Int
}

/// A feature tap of a profiled network and its shape for one sample.
public struct TapProfile: Codable, Sendable {
    public let name: String
    public let shape: [Int]
}

/// Layer-by-layer sizes and costs of a network for one input, for `kdzoo info` and `kdzoo list`.
///
/// Measured by one forward pass of a single sample with gradient recording on, then read off
/// the recorded graph: every op that combines an activation with a parameter of rank >= 2 (or a
/// reshape/transpose of one) costs `output elements x fan-in` multiply-accumulates, where the
/// fan-in is the parameter's size per output unit in PyTorch's `[out, in, ...]` layout. That is
/// `O*H'*W' * C/g*kH*kW` for a convolution and `in*out` for a linear layer, and it follows the
/// network's real data flow (shortcuts, concatenations) without knowing its structure. Element-wise
/// ops, pooling, batch-norm and activation-activation products (attention) are not counted.
public struct NetworkProfile: Codable, Sendable {
    public let input: InputSpec
    /// Modules that own parameters, in state-dict order.
    public let layers: [LayerProfile]
    public let taps: [TapProfile]
    /// All trainable scalars of the network.
    public let parameters: Int
    /// Multiply-accumulates for one sample.
    public var macs: Int { layers.reduce(0) { $0 + $1.macs } }

    /// Profiles `network` on one sample shaped `input`; leaves the network in evaluation mode.
    /// Frozen parameters (a teacher's) are unfrozen for the pass, since only ops on tensors that
    /// require gradients are recorded.
    public init(profiling network: any Network, input: InputSpec) {
        network.eval()
        var generator = SeededGenerator(seed: 0)
        let sample = input.randomBatch(1, using: &generator)
        let previousMode = GradMode.isEnabled
        GradMode.isEnabled = true
        let frozen = network.parameters.filter { !$0.requiresGrad }
        for parameter in frozen { parameter.requiresGrad = true }
        defer {
            GradMode.isEnabled = previousMode
            for parameter in frozen { parameter.requiresGrad = false }
        }
        let output = network.forward(sample)

        let parameters = network.namedParameters
        let moduleOfParameter = Dictionary(uniqueKeysWithValues: parameters.map { path, tensor in
            (ObjectIdentifier(tensor), String(path.split(separator: ".").dropLast().joined(separator: ".")))
        })
        var costs = GraphCosts(moduleOfParameter: moduleOfParameter)
        costs.measure(from: output.taps.map(\.tensor))

        let modulePaths = Set(moduleOfParameter.values)
        self.input = input
        self.parameters = network.parameterCount
        self.taps = output.taps.map { TapProfile(name: $0.name, shape: Array($0.tensor.shape.dropFirst())) }
        self.layers = network.namedModules.filter { modulePaths.contains($0.path) }.map { path, module in
            LayerProfile(path: path, kind: String(describing: type(of: module)),
                         outputShape: costs.outputShapes[path].map { Array($0.dropFirst()) },
                         parameters: parameters.filter { moduleOfParameter[ObjectIdentifier($0.tensor)] == path }
                             .reduce(0) { $0 + $1.tensor.count },
                         macs: costs.macs[path, default: 0])
        }
    }
}

/// Walks a recorded graph and charges each parameterised op to the module owning the parameter.
private struct GraphCosts {
    let moduleOfParameter: [ObjectIdentifier: String]
    /// Per module: multiply-accumulates, and the shape of the first activation it produced.
    private(set) var macs: [String: Int] = [:]
    private(set) var outputShapes: [String: [Int]] = [:]

    init(moduleOfParameter: [ObjectIdentifier: String]) {
        self.moduleOfParameter = moduleOfParameter
    }

    mutating func measure(from outputs: [Tensor]) {
        // Ops computed from parameters alone (a reshaped kernel), mapped to those parameters.
        var parameterOrigins: [ObjectIdentifier: [Tensor]] = [:]
        for fn in GradFn.topologicalOrder(from: outputs.compactMap(\.gradFn)) {
            let origins: [[Tensor]?] = fn.inputs.map { input in
                switch input {
                case .leaf(let tensor): moduleOfParameter[ObjectIdentifier(tensor)] == nil ? nil : [tensor]
                case .recorded(let source): parameterOrigins[ObjectIdentifier(source)]
                case .constant: nil
                }
            }
            if origins.allSatisfy({ $0 != nil }) {
                parameterOrigins[ObjectIdentifier(fn)] = origins.flatMap { $0! }
                continue
            }
            for parameter in origins.compactMap({ $0 }).joined() {
                let module = moduleOfParameter[ObjectIdentifier(parameter)]!
                if outputShapes[module] == nil { outputShapes[module] = fn.outputShape }
                if parameter.rank >= 2 {
                    macs[module, default: 0] += Shape.count(fn.outputShape) * (parameter.count / parameter.shape[0])
                }
            }
        }
    }
}
