import Foundation

/// One recorded op: where its inputs came from and how to turn the gradient of its output into
/// gradients of those inputs.
///
/// The graph links ops to ops (and to leaf tensors), never to the intermediate tensors
/// themselves: an activation stays alive only while something needs its values — the caller,
/// or a backward closure that saved it. Activations no later op reads (a batch-norm output
/// feeding a ReLU, which backs off its own output) are freed during the forward pass, as in
/// PyTorch.
public final class GradFn {
    /// Where one input of a recorded op came from.
    public enum Input {
        /// The output of another recorded op.
        case recorded(GradFn)
        /// A leaf that requires a gradient (a parameter): its gradient accumulates in ``Tensor/grad``.
        case leaf(Tensor)
        /// A tensor that needs no gradient (data, a buffer, a detached value).
        case constant
    }

    /// The op's name, for debugging and error messages.
    public let name: String
    /// The shape of the op's output.
    public let outputShape: [Int]
    /// The op's inputs, in the order `backward` answers for them; empty once released.
    public private(set) var inputs: [Input]
    private var gradient: ((Tensor) -> [Tensor?])?

    init(name: String, outputShape: [Int], inputs: [Input], backward: @escaping (Tensor) -> [Tensor?]) {
        self.name = name
        self.outputShape = outputShape
        self.inputs = inputs
        self.gradient = backward
    }

    /// Maps the output gradient to one gradient per input (`nil` where none flows).
    /// Runs with recording off: gradients are plain tensors.
    public func backward(_ outputGradient: Tensor) -> [Tensor?] {
        guard let gradient else {
            preconditionFailure("\(name): backward through a graph a second time; its saved tensors were freed "
                                + "by the first backward (pass retainingGraph: true to keep them)")
        }
        return gradient(outputGradient)
    }

    /// Drops the saved tensors and the links to the inputs, once the op's gradient is computed.
    func release() {
        gradient = nil
        inputs = []
    }
}

/// Whether ops record themselves for differentiation. Thread-local so that
/// evaluation on one thread never disables training on another.
public enum GradMode {
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// `true` unless inside ``noGrad(_:)``.
    public static var isEnabled: Bool {
        get { pthread_getspecific(key) == nil }
        set { pthread_setspecific(key, newValue ? nil : UnsafeRawPointer(bitPattern: 1)) }
    }
}

/// Runs `body` without recording ops: for teachers, evaluation and in-place updates.
@discardableResult
public func noGrad<Result>(_ body: () throws -> Result) rethrows -> Result {
    let previous = GradMode.isEnabled
    GradMode.isEnabled = false
    defer { GradMode.isEnabled = previous }
    return try body()
}

extension Tensor {
    /// Builds the result of an op: records `backward` when recording is on and any
    /// input needs a gradient.
    ///
    /// Ops compute their forward value into `output`, then return
    /// `output.recorded(...)`. The closure receives the output gradient. Whatever it captures
    /// stays alive until backward has run through it, so it should capture only what it reads:
    /// shapes rather than tensors where shapes suffice, and never `output` itself (a cycle).
    public func recorded(_ name: String, inputs: [Tensor], backward: @escaping (Tensor) -> [Tensor?]) -> Tensor {
        if GradMode.isEnabled, inputs.contains(where: { $0.requiresGrad }) {
            requiresGrad = true
            let links = inputs.map { input -> GradFn.Input in
                guard input.requiresGrad else { return .constant }
                return input.gradFn.map { .recorded($0) } ?? .leaf(input)
            }
            gradFn = GradFn(name: name, outputShape: shape, inputs: links, backward: backward)
        }
        return self
    }

    /// Back-propagates from this tensor, accumulating into the ``grad`` of every leaf
    /// that requires one. `seed` defaults to ones (the usual case: a scalar loss).
    ///
    /// Each op's saved tensors are freed as soon as its gradient is computed, so memory falls
    /// as backward proceeds and a second backward through the same graph is refused; pass
    /// `retainingGraph: true` to keep the graph for one.
    public func backward(_ seed: Tensor? = nil, retainingGraph: Bool = false) {
        precondition(requiresGrad, "backward() on a tensor that does not require a gradient")
        let seed = seed ?? Tensor.ones(shape)
        precondition(seed.shape == shape,
                     "backward seed has shape \(Shape.describe(seed.shape)), tensor has \(Shape.describe(shape))")
        guard let root = gradFn else {
            accumulateGrad(seed)
            return
        }

        // Keyed by identity; every key's object stays alive while it is pending (ops through
        // `order`, leaves through the entry itself), so no identifier is reused meanwhile.
        var pending: [ObjectIdentifier: Tensor] = [ObjectIdentifier(root): seed]
        var leaves: [ObjectIdentifier: (leaf: Tensor, gradient: Tensor)] = [:]
        var order = GradFn.topologicalOrder(from: [root])
        noGrad {
            // From the last op back, each op after every op that consumed its output.
            while let fn = order.popLast() {
                guard let gradient = pending.removeValue(forKey: ObjectIdentifier(fn)) else { continue }
                for (input, inputGradient) in zip(fn.inputs, fn.backward(gradient)) {
                    guard let inputGradient else { continue }
                    switch input {
                    case .constant:
                        continue
                    case .recorded(let source):
                        Self.checkShape(inputGradient, of: fn, for: source.outputShape)
                        let key = ObjectIdentifier(source)
                        pending[key] = pending[key].map { $0 + inputGradient } ?? inputGradient
                    case .leaf(let leaf):
                        Self.checkShape(inputGradient, of: fn, for: leaf.shape)
                        let key = ObjectIdentifier(leaf)
                        leaves[key] = (leaf, leaves[key].map { $0.gradient + inputGradient } ?? inputGradient)
                    }
                }
                if !retainingGraph { fn.release() }
            }
        }
        for (leaf, gradient) in leaves.values { leaf.accumulateGrad(gradient) }
    }

    private static func checkShape(_ gradient: Tensor, of fn: GradFn, for shape: [Int]) {
        precondition(gradient.count == Shape.count(shape),
                     "\(fn.name) backward produced \(Shape.describe(gradient.shape)) for input \(Shape.describe(shape))")
    }

    private func accumulateGrad(_ gradient: Tensor) {
        if let grad {
            grad.addInPlace(gradient)
        } else {
            // A copy: the incoming tensor may be shared with other nodes' gradients.
            grad = Tensor(shape: shape, storage: gradient.copy().storage)
        }
    }

    /// Clears the accumulated gradient.
    public func zeroGrad() {
        grad = nil
    }
}

extension GradFn {
    /// The ops reachable from `roots`, each after all the ops its inputs came from.
    public static func topologicalOrder(from roots: [GradFn]) -> [GradFn] {
        var order: [GradFn] = []
        var visited = Set<ObjectIdentifier>()
        // Iterative DFS: deep networks (and unrolled LSTMs) would overflow the stack.
        var stack: [(GradFn, Int)] = []
        for root in roots where visited.insert(ObjectIdentifier(root)).inserted {
            stack.append((root, 0))
            while let (fn, next) = stack.popLast() {
                if next < fn.inputs.count {
                    stack.append((fn, next + 1))
                    if case .recorded(let source) = fn.inputs[next], visited.insert(ObjectIdentifier(source)).inserted {
                        stack.append((source, 0))
                    }
                } else {
                    order.append(fn)
                }
            }
        }
        return order
    }
}
