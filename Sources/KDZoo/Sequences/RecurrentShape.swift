/// The size of a stacked recurrent network, as recurrent plugins spell it in their variants:
/// `2x256` is two layers of 256 units, `2x256-bi` the same run in both directions.
public struct RecurrentShape: Hashable, Sendable, CustomStringConvertible {
    public let layers: Int
    /// Units per layer and direction.
    public let hiddenSize: Int
    public let bidirectional: Bool

    public init(layers: Int, hiddenSize: Int, bidirectional: Bool) {
        precondition(layers >= 1 && hiddenSize >= 1, "RecurrentShape: needs at least one layer of one unit")
        self.layers = layers
        self.hiddenSize = hiddenSize
        self.bidirectional = bidirectional
    }

    /// Parses `LxH` or `LxH-bi` with positive numbers (`02x64` reads as `2x64`); `nil` otherwise.
    public init?(parsing text: String) {
        var text = Substring(text)
        let bidirectional = text.hasSuffix("-bi")
        if bidirectional { text = text.dropLast(3) }
        let parts = text.split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let layers = Int(parts[0]), let hidden = Int(parts[1]), layers >= 1, hidden >= 1 else { return nil }
        self.init(layers: layers, hiddenSize: hidden, bidirectional: bidirectional)
    }

    /// 1, or 2 when bidirectional.
    public var directions: Int { bidirectional ? 2 : 1 }

    /// Features per step of the top layer's output: `hiddenSize · directions`.
    public var outputSize: Int { hiddenSize * directions }

    /// The canonical spelling: `2x256-bi`.
    public var description: String { "\(layers)x\(hiddenSize)" + (bidirectional ? "-bi" : "") }
}
