import KDTensor

/// A building block of a network: it owns parameters, buffers and sub-modules,
/// each discovered by path with PyTorch's names (`layer1.0.conv1.weight`,
/// `bn1.running_mean`) so that a PyTorch `state_dict` maps onto it one to one.
///
/// Conformers declare state as stored properties and nothing else:
/// ```swift
/// final class Block: Module {
///     @Parameter var weight: Tensor
///     @Buffer var runningMean: Tensor        // listed as "running_mean"
///     let conv1: Conv2d                      // listed as "conv1.*"
///     let layers: [Module]                   // listed as "layers.0.*", "layers.1.*"
/// }
/// ```
/// Property names are converted from camelCase to snake_case. A module whose children
/// are not properties (e.g. ``Sequential``) overrides ``namedChildren``.
public protocol Module: AnyObject {
    /// The direct sub-modules and their local names, in declaration order.
    var namedChildren: [(name: String, module: Module)] { get }

    /// This module's own parameters (not its children's), in declaration order.
    /// Discovered from `@Parameter` properties unless a module with computed names
    /// (e.g. ``LSTM``'s `weight_ih_l0`) provides its own list.
    var ownParameters: [(name: String, tensor: Tensor)] { get }

    /// This module's own buffers (not its children's), in declaration order.
    var ownBuffers: [(name: String, tensor: Tensor)] { get }
}

/// A module that maps one tensor to one tensor.
public protocol Layer: Module {
    func callAsFunction(_ input: Tensor) -> Tensor
}

/// A module whose behaviour differs between training and evaluation (batch-norm,
/// dropout). ``Module/train()`` and ``Module/eval()`` set the flag on every descendant.
public protocol ModeDependent: Module {
    var isTraining: Bool { get set }
}

extension Module {
    public var namedChildren: [(name: String, module: Module)] {
        var result: [(String, Module)] = []
        for child in storedProperties {
            guard let label = child.label else { continue }
            let name = PropertyName.snakeCase(label)
            switch child.value {
            case let module as Module:
                result.append((name, module))
            case let modules as [Module]:
                for (i, module) in modules.enumerated() { result.append(("\(name).\(i)", module)) }
            case let optional as OptionalModule:
                if let module = optional.wrappedModule { result.append((name, module)) }
            default:
                continue
            }
        }
        return result
    }

    public var ownParameters: [(name: String, tensor: Tensor)] { ownState(of: ParameterStorage.self) }

    public var ownBuffers: [(name: String, tensor: Tensor)] { ownState(of: BufferStorage.self) }

    /// The stored properties of this module and of its superclasses, base class first,
    /// so that a subclass of a layer keeps the layer's state and adds its own.
    private var storedProperties: [Mirror.Child] {
        var mirrors: [Mirror] = []
        var mirror: Mirror? = Mirror(reflecting: self)
        while let current = mirror {
            mirrors.append(current)
            mirror = current.superclassMirror
        }
        return mirrors.reversed().flatMap(\.children)
    }

    private func ownState<Kind>(of kind: Kind.Type) -> [(name: String, tensor: Tensor)] {
        storedProperties.compactMap { child in
            guard let label = child.label, let state = child.value as? Kind, let slot = state as? StateSlot,
                  let tensor = slot.tensor else { return nil }
            return (PropertyName.snakeCase(label), tensor)
        }
    }

    /// Every module in the tree with its dotted path (`""` for `self`), parents before children.
    public var namedModules: [(path: String, module: Module)] {
        var result: [(String, Module)] = [("", self)]
        for (name, child) in namedChildren {
            for (path, module) in child.namedModules {
                result.append((path.isEmpty ? name : "\(name).\(path)", module))
            }
        }
        return result
    }

    /// Every parameter in the tree by dotted path, e.g. `layer1.0.conv1.weight`.
    public var namedParameters: [(path: String, tensor: Tensor)] {
        namedModules.flatMap { prefix, module in
            module.ownParameters.map { (PropertyName.join(prefix, $0.name), $0.tensor) }
        }
    }

    /// Every buffer in the tree by dotted path, e.g. `bn1.running_mean`.
    public var namedBuffers: [(path: String, tensor: Tensor)] {
        namedModules.flatMap { prefix, module in
            module.ownBuffers.map { (PropertyName.join(prefix, $0.name), $0.tensor) }
        }
    }

    /// The trainable tensors, for optimisers.
    public var parameters: [Tensor] { namedParameters.map(\.tensor) }

    /// The number of trainable scalars.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

    /// Puts every mode-dependent descendant into training mode.
    public func train() { setTraining(true) }

    /// Puts every mode-dependent descendant into evaluation mode.
    public func eval() { setTraining(false) }

    private func setTraining(_ training: Bool) {
        for (_, module) in namedModules {
            (module as? any ModeDependent)?.isTraining = training
        }
    }

    /// Clears the gradients of all parameters.
    public func zeroGrad() {
        for parameter in parameters { parameter.grad = nil }
    }
}

/// Lets discovery see through `Optional<SomeModule>` properties such as a shortcut
/// that exists only when shapes change.
protocol OptionalModule {
    var wrappedModule: Module? { get }
}

extension Optional: OptionalModule {
    var wrappedModule: Module? {
        switch self {
        case .some(let value): value as? Module
        case .none: nil
        }
    }
}

enum PropertyName {
    /// `runningMean` -> `running_mean`; property-wrapper storage `_weight` -> `weight`.
    static func snakeCase(_ label: String) -> String {
        var name = Substring(label)
        if name.hasPrefix("_") { name = name.dropFirst() }
        var result = ""
        for character in name {
            if character.isUppercase {
                if !result.isEmpty { result.append("_") }
                result.append(contentsOf: character.lowercased())
            } else {
                result.append(character)
            }
        }
        return result
    }

    static func join(_ prefix: String, _ name: String) -> String {
        prefix.isEmpty ? name : "\(prefix).\(name)"
    }
}
