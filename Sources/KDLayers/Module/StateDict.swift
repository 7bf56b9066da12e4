import KDTensor

extension Module {
    /// Every parameter and buffer by dotted path, in PyTorch's `state_dict()` order: for each
    /// module (parents before children, children in declaration order) its own parameters,
    /// then its own buffers. The tensors are the module's own (not copies).
    public func stateDict() -> [(path: String, tensor: Tensor)] {
        namedModules.flatMap { prefix, module in
            (module.ownParameters + module.ownBuffers).map { (PropertyName.join(prefix, $0.name), $0.tensor) }
        }
    }

    /// Copies the values of `stateDict` into this module's parameters and buffers, in place
    /// (tensor identities, and so optimiser references, are kept).
    ///
    /// Strict loading (the default) checks everything first and changes nothing unless every
    /// path of the module is present with the right shape and no other path is given;
    /// otherwise it throws one ``StateDictMismatch`` listing all the problems. Non-strict
    /// loading copies every entry whose path and shape match and returns the rest.
    @discardableResult
    public func load(stateDict: [(path: String, tensor: Tensor)], strict: Bool = true) throws -> StateDictMismatch {
        let own = self.stateDict()
        var given: [String: Tensor] = [:]
        for (path, tensor) in stateDict { given[path] = tensor }
        let ownPaths = Set(own.map(\.path))

        var mismatch = StateDictMismatch()
        var matches: [(target: Tensor, source: Tensor)] = []
        for (path, target) in own {
            guard let source = given[path] else {
                mismatch.missing.append(path)
                continue
            }
            if source.shape == target.shape {
                matches.append((target, source))
            } else {
                mismatch.wrongShapes.append((path, target.shape, source.shape))
            }
        }
        mismatch.unexpected = stateDict.map(\.path).filter { !ownPaths.contains($0) }

        if strict, !mismatch.isEmpty { throw mismatch }
        for (target, source) in matches { target.assign(source) }
        return mismatch
    }
}

/// How a state dict differs from a module: paths the module has but the dict lacks,
/// paths the dict has but the module lacks, and paths whose shapes differ.
/// Thrown by a strict ``Module/load(stateDict:strict:)``; its description is one line.
public struct StateDictMismatch: Error, CustomStringConvertible {
    /// Paths of the module absent from the state dict.
    public var missing: [String] = []
    /// Paths of the state dict that the module does not have.
    public var unexpected: [String] = []
    /// Paths present in both with different shapes.
    public var wrongShapes: [(path: String, expected: [Int], found: [Int])] = []

    /// `true` when the state dict matched exactly.
    public var isEmpty: Bool { missing.isEmpty && unexpected.isEmpty && wrongShapes.isEmpty }

    public var description: String {
        var parts: [String] = []
        if !missing.isEmpty { parts.append("missing \(missing.joined(separator: ", "))") }
        if !unexpected.isEmpty { parts.append("unexpected \(unexpected.joined(separator: ", "))") }
        if !wrongShapes.isEmpty {
            let shapes = wrongShapes.map {
                "\($0.path) (model \(Shape.describe($0.expected)), state dict \(Shape.describe($0.found)))"
            }
            parts.append("wrong shape \(shapes.joined(separator: ", "))")
        }
        return parts.isEmpty ? "state dict matches the model"
            : "state dict does not match the model: " + parts.joined(separator: "; ")
    }
}
