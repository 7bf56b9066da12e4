import KDLayers
import KDTensor

/// A module whose tensor shapes are learned, not fixed by its architecture: a fitted decision
/// tree's arrays have one row per node. Loading a saved state into a freshly built one first
/// resizes it to the saved shapes (and checks the saved values make sense), then loads strictly.
public protocol StateResizing: Module {
    /// Replaces this module's tensors by zero tensors shaped like those of `stateDict`, after
    /// checking that the state describes a valid model. Throws ``FittingError/invalidState(_:)``
    /// naming the tensor at fault.
    func resizeState(toMatch stateDict: [(path: String, tensor: Tensor)]) throws
}

extension Module {
    /// Loads `stateDict` as ``Module/load(stateDict:strict:)`` does, resizing a
    /// ``StateResizing`` module to the dict's shapes first.
    @discardableResult
    public func loadResizing(stateDict: [(path: String, tensor: Tensor)], strict: Bool = true) throws -> StateDictMismatch {
        if let resizable = self as? StateResizing { try resizable.resizeState(toMatch: stateDict) }
        return try load(stateDict: stateDict, strict: strict)
    }
}
