import KDLayers
import KDTensor

/// A network whose last stage, with everything after it (pooling, classifier), can run apart
/// from the layers before it. Online methods such as ONE (on-the-fly native ensemble) grow
/// several copies of that head on one shared trunk, then export the trunk with one head as a
/// plain network of the original architecture.
///
/// Conformers split their forward pass in two and name the children that form the head;
/// ``Network/forward(_:)`` is then provided as trunk followed by head.
public protocol BranchableNetwork: Network {
    /// The names, as in ``Module/namedChildren``, of the children from the last stage on
    /// (e.g. `block3`, `bn1`, `fc` for a WRN). Their state-dict entries are the head's.
    var headChildNames: [String] { get }
    /// Runs every layer before the last stage: the taps computed so far (`stem`, `stage1`, ...)
    /// and the tensor the last stage reads.
    func forwardTrunk(_ input: Tensor) -> (features: [(name: String, tensor: Tensor)], output: Tensor)
    /// Runs this network's head on a trunk output: its taps (the last stage, `embedding`) and
    /// the logits.
    func forwardHead(_ trunkOutput: Tensor) -> (features: [(name: String, tensor: Tensor)], logits: Tensor)
}

extension BranchableNetwork {
    public func forward(_ input: Tensor) -> NetworkOutput {
        let trunk = forwardTrunk(input)
        let head = forwardHead(trunk.output)
        return NetworkOutput(logits: head.logits, features: trunk.features + head.features)
    }

    /// The head's children, in ``Module/namedChildren`` order.
    public var headChildren: [(name: String, module: Module)] {
        namedChildren.filter { headChildNames.contains($0.name) }
    }
}
