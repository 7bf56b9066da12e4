import Foundation

/// One recorded op: its inputs and how to turn the gradient of its output into
/// gradients of those inputs.
public final class GradFn {
    /// The op's name, for debugging and error messages.
    public let name: String
    /// The op's tensor inputs, in the order `backward` answers for them.
    public let inputs: [Tensor]
    /// Maps the output gradient to one gradient per input (`nil` where none flows).
    /// Runs with recording off: gradients are plain tensors.
    public let backward: (Tensor) -> [Tensor?]

    init(name: String, inputs: [Tensor], backward: @escaping (Tensor) -> [Tensor?]) {
        self.name = name
        self.inputs = inputs
        self.backward = backward
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
    /// `output.recorded(...)`. The closure receives the output gradient.
    public func recorded(_ name: String, inputs: [Tensor], backward: @escaping (Tensor) -> [Tensor?]) -> Tensor {
        if GradMode.isEnabled, inputs.contains(where: { $0.requiresGrad }) {
            requiresGrad = true
            gradFn = GradFn(name: name, inputs: inputs, backward: backward)
        }
        return self
    }

    /// Back-propagates from this tensor, accumulating into the ``grad`` of every leaf
    /// that requires one. `seed` defaults to ones (the usual case: a scalar loss).
    public func backward(_ seed: Tensor? = nil) {
        precondition(requiresGrad, "backward() on a tensor that does not require a gradient")
        let seed = seed ?? Tensor.ones(shape)
        precondition(seed.shape == shape,
                     "backward seed has shape \(Shape.describe(seed.shape)), tensor has \(Shape.describe(shape))")

        var pending: [ObjectIdentifier: Tensor] = [ObjectIdentifier(self): seed]
        noGrad {
            for node in topologicalOrder().reversed() {
                guard let gradient = pending.removeValue(forKey: ObjectIdentifier(node)) else { continue }
                guard let fn = node.gradFn else {
                    node.accumulateGrad(gradient)
                    continue
                }
                for (input, inputGradient) in zip(fn.inputs, fn.backward(gradient)) {
                    guard input.requiresGrad, let inputGradient else { continue }
                    precondition(inputGradient.count == input.count,
                                 "\(fn.name) backward produced \(Shape.describe(inputGradient.shape)) for input \(Shape.describe(input.shape))")
                    let key = ObjectIdentifier(input)
                    pending[key] = pending[key].map { $0 + inputGradient } ?? inputGradient
                }
            }
        }
    }

    private func accumulateGrad(_ gradient: Tensor) {
        if let grad {
            grad.addInPlace(gradient)
        } else {
            // A copy: the incoming tensor may be shared with other nodes' gradients.
            grad = Tensor(shape: shape, storage: gradient.copy().storage)
        }
    }

    /// Nodes reachable from `self` through recorded ops, each after all its inputs.
    private func topologicalOrder() -> [Tensor] {
        var order: [Tensor] = []
        var visited = Set<ObjectIdentifier>()
        // Iterative DFS: deep networks (and unrolled LSTMs) would overflow the stack.
        var stack: [(Tensor, Int)] = [(self, 0)]
        visited.insert(ObjectIdentifier(self))
        while let (node, next) = stack.popLast() {
            let inputs = node.gradFn?.inputs ?? []
            if next < inputs.count {
                stack.append((node, next + 1))
                let input = inputs[next]
                if input.requiresGrad, visited.insert(ObjectIdentifier(input)).inserted {
                    stack.append((input, 0))
                }
            } else {
                order.append(node)
            }
        }
        return order
    }

    /// Clears the accumulated gradient.
    public func zeroGrad() {
        grad = nil
    }
}
