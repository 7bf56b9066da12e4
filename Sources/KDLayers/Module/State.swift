import KDTensor

/// Storage behind ``Parameter`` and ``Buffer``: the tensor if present.
protocol StateSlot {
    var tensor: Tensor? { get }
}

/// A value a ``Parameter`` or ``Buffer`` can wrap: a tensor, or an optional one
/// (e.g. a bias that a layer may not have).
public protocol StateValue {
    var stateTensor: Tensor? { get }
}

extension Tensor: StateValue {
    public var stateTensor: Tensor? { self }
}

extension Optional: StateValue where Wrapped == Tensor {
    public var stateTensor: Tensor? { self }
}

protocol ParameterStorage {}
protocol BufferStorage {}

/// Marks a trainable tensor of a module. Its gradient is recorded
/// (`requiresGrad` is set) and optimisers update it in place.
@propertyWrapper
public struct Parameter<Value: StateValue>: StateSlot, ParameterStorage {
    public var wrappedValue: Value {
        didSet { wrappedValue.stateTensor?.requiresGrad = true }
    }

    public init(wrappedValue: Value) {
        wrappedValue.stateTensor?.requiresGrad = true
        self.wrappedValue = wrappedValue
    }

    var tensor: Tensor? { wrappedValue.stateTensor }
}

/// Marks non-trainable state saved with a module (running statistics, counters).
@propertyWrapper
public struct Buffer<Value: StateValue>: StateSlot, BufferStorage {
    public var wrappedValue: Value

    public init(wrappedValue: Value) {
        self.wrappedValue = wrappedValue
    }

    var tensor: Tensor? { wrappedValue.stateTensor }
}
