import KDTensor

/// Named intermediate tensors of one forward pass, in the order they were computed.
/// Tensors keep their autograd history, so losses on taps train the network.
public struct FeatureTaps: RandomAccessCollection {
    public typealias Element = (name: String, tensor: Tensor)

    private let entries: [Element]

    /// Taps in forward order; names must be unique.
    public init(_ entries: [Element]) {
        precondition(Set(entries.map(\.name)).count == entries.count,
                     "feature tap names must be unique: \(entries.map(\.name))")
        self.entries = entries
    }

    public var startIndex: Int { entries.startIndex }
    public var endIndex: Int { entries.endIndex }
    public subscript(position: Int) -> Element { entries[position] }

    /// The tap called `name`, if the network has one.
    public subscript(name: String) -> Tensor? {
        entries.first { $0.name == name }?.tensor
    }

    /// Tap names in forward order.
    public var names: [String] { entries.map(\.name) }

    /// The stage taps (`stage1`, `stage2`, ...) in order: what FitNet, AT and similar methods pair up.
    public var stages: [Element] {
        entries.filter { $0.name.hasPrefix("stage") && Int($0.name.dropFirst("stage".count)) != nil }
    }
}
