import KDLayers
import KDTensor
import KDZoo

/// The student network of ONE (Lan, Zhu and Gong, "Knowledge Distillation by On-the-fly Native
/// Ensemble", NeurIPS 2018): one network's trunk shared by `K` copies of its head (the last
/// stage, pooling and classifier), each initialised independently, and a gate
/// `softmax(ReLU(BN(W · pool(trunk))))` that mixes the branches' logits into the ensemble's.
///
/// Its output's logits are the gated ensemble; the taps are the trunk's, branch 1's head taps,
/// and each branch's logits as `branch1` ... `branchK`. The state dict holds `trunk.*` (the
/// whole first network, its head being branch 1), `branch2.*` ... (the other heads) and
/// `gate.*`; ``exportBranch(_:)`` gives the trunk with one head as a plain network of the
/// original architecture.
public final class NativeEnsemble: Network {
    /// The branch networks; the first one's trunk is shared, the others contribute only their heads.
    private let networks: [any BranchableNetwork]
    let gate: Linear
    let gateNorm: BatchNorm1d

    /// An ensemble of `branches` heads on `makeNetwork(0)`'s trunk; `makeNetwork(k)` builds
    /// branch `k`'s network (independently initialised) for inputs `input`.
    public init(branches: Int = 3, input: InputSpec, makeNetwork: (Int) throws -> any BranchableNetwork) throws {
        precondition(branches >= 2, "a native ensemble needs at least two branches, got \(branches)")
        networks = try (0..<branches).map(makeNetwork)
        let trunk = networks[0]
        trunk.eval()
        let probe = noGrad { trunk.forwardTrunk(Tensor.zeros([1] + input.shape)).output }
        trunk.train()
        gate = Linear(inFeatures: probe.shape[1], outFeatures: branches)
        gateNorm = BatchNorm1d(features: branches)
    }

    public var branchCount: Int { networks.count }

    /// The tap holding branch `k`'s logits (counting from 1).
    public static func branchTap(_ k: Int) -> String { "branch\(k)" }

    /// Each branch's logits in an ensemble's output, in order (none for another network's).
    public static func branchLogits(in output: NetworkOutput) -> [Tensor] {
        (1...).lazy.map { output.taps[branchTap($0)] }.prefix { $0 != nil }.compactMap { $0 }
    }

    public var namedChildren: [(name: String, module: Module)] {
        [("trunk", networks[0])]
            + networks.enumerated().dropFirst().map { ("branch\($0.offset + 1)", BranchHead(network: $0.element)) }
            + [("gate", gate), ("gate_bn", gateNorm)]
    }

    public func forward(_ input: Tensor) -> NetworkOutput {
        let trunk = networks[0].forwardTrunk(input)
        let pooled = trunk.output.rank == 4 ? trunk.output.adaptiveAvgPool2d(outputSize: 1).flattened(from: 1) : trunk.output
        let weights = gateNorm(gate(pooled)).relu().softmax(alongAxis: -1)
        let heads = networks.map { $0.forwardHead(trunk.output) }
        let ensemble = heads.enumerated().map { k, head in
            head.logits * weights.slice(alongAxis: 1, k..<(k + 1))
        }.reduce(Tensor(0), +)
        let branchLogits = heads.enumerated().map { (Self.branchTap($0.offset + 1), $0.element.logits) }
        return NetworkOutput(logits: ensemble, features: trunk.features + heads[0].features + branchLogits)
    }

    /// The shared trunk with branch `k`'s head (counting from 1) as a plain network of the
    /// original architecture. The network shares its tensors with the ensemble.
    public func exportBranch(_ k: Int) throws -> any Network {
        precondition((1...branchCount).contains(k), "branch \(k) outside 1...\(branchCount)")
        let branch = networks[k - 1]
        guard k > 1 else { return branch }
        let headPrefixes = branch.headChildNames.map { $0 + "." }
        let trunkState = networks[0].stateDict().filter { entry in !headPrefixes.contains { entry.path.hasPrefix($0) } }
        let mismatch = try branch.load(stateDict: trunkState, strict: false)
        precondition(mismatch.missing.allSatisfy { path in headPrefixes.contains { path.hasPrefix($0) } },
                     "branch \(k) lacks trunk entries \(mismatch.missing)")
        return branch
    }
}

/// A branch network seen only through its head's children, so that the ensemble's state
/// holds each extra branch's head and not its unused trunk.
private final class BranchHead: Module {
    let network: any BranchableNetwork

    init(network: any BranchableNetwork) {
        self.network = network
    }

    var namedChildren: [(name: String, module: Module)] { network.headChildren }
}
