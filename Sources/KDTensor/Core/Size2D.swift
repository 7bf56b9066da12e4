/// A height/width pair for kernel sizes, strides, padding and dilation.
/// An integer literal means the same value on both axes: `stride: 2`.
public struct Size2D: Hashable, CustomStringConvertible, ExpressibleByIntegerLiteral, Sendable {
    public var height: Int
    public var width: Int

    public init(_ height: Int, _ width: Int) {
        self.height = height
        self.width = width
    }

    public init(integerLiteral value: Int) {
        self.init(value, value)
    }

    public var description: String { height == width ? "\(height)" : "\(height)x\(width)" }
}
