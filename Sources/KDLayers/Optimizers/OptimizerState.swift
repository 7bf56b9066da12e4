import KDTensor

/// An optimiser's state as named tensors plus its step count, ready to be written into a
/// checkpoint. Names are `<parameter index>.<slot>`, e.g. `3.momentum_buffer`, `3.exp_avg`,
/// after PyTorch's per-parameter optimiser state.
public struct OptimizerState {
    /// The optimiser's ``Optimizer/stepCount``.
    public var stepCount: Int
    /// Per-parameter slots named `<parameter index>.<slot>`.
    public var tensors: [(name: String, tensor: Tensor)]

    /// Wraps exported state (or state read back from a checkpoint).
    public init(stepCount: Int, tensors: [(name: String, tensor: Tensor)]) {
        self.stepCount = stepCount
        self.tensors = tensors
    }
}

/// Why an ``OptimizerState`` cannot be imported; the description is one line.
public struct OptimizerStateError: Error, CustomStringConvertible {
    /// What is wrong, naming the entry and the shapes involved.
    public let description: String
}

/// Per-parameter named tensors (momentum, moments, counters) created lazily on the first
/// update of each parameter, as PyTorch does.
final class ParameterSlots {
    private let slotShapes: [String: (Tensor) -> [Int]]
    private var slots: [Int: [String: Tensor]] = [:]

    /// `slotShapes` maps each slot name to the shape it has for a given parameter.
    init(slotShapes: [String: (Tensor) -> [Int]]) {
        self.slotShapes = slotShapes
    }

    /// The slot for parameter `index`, created by `make` on first use.
    func slot(_ name: String, of index: Int, makingWith make: () -> Tensor) -> Tensor {
        if let existing = slots[index]?[name] { return existing }
        let created = make()
        slots[index, default: [:]][name] = created
        return created
    }

    /// All slots, ordered by parameter index then slot name; the tensors are copies.
    func export() -> [(name: String, tensor: Tensor)] {
        slots.keys.sorted().flatMap { index in
            slots[index]!.keys.sorted().map { name in ("\(index).\(name)", slots[index]![name]!.copy()) }
        }
    }

    /// Replaces all slots with `tensors`, after checking every name and shape against `parameters`.
    func replace(with tensors: [(name: String, tensor: Tensor)], parameters: [Tensor]) throws {
        var restored: [Int: [String: Tensor]] = [:]
        for (name, tensor) in tensors {
            let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
            guard parts.count == 2, let index = Int(parts[0]), parameters.indices.contains(index),
                  let shape = slotShapes[parts[1]] else {
                throw OptimizerStateError(description: "optimizer state entry '\(name)' does not belong to this optimizer "
                                          + "(expected <index>.<\(slotShapes.keys.sorted().joined(separator: "|"))> for \(parameters.count) parameters)")
            }
            let expected = shape(parameters[index])
            guard tensor.shape == expected else {
                throw OptimizerStateError(description: "optimizer state entry '\(name)' has shape \(Shape.describe(tensor.shape)), "
                                          + "parameter \(index) needs \(Shape.describe(expected))")
            }
            restored[index, default: [:]][parts[1]] = tensor.copy()
        }
        slots = restored
    }
}
