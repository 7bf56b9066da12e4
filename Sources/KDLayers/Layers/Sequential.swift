import KDTensor

/// Layers applied one after another (PyTorch's `nn.Sequential`). Children are named by
/// position, `"0"`, `"1"`, ..., so a PyTorch `features.3.weight` maps onto the fourth layer.
///
/// ```swift
/// let block = Sequential {
///     Conv2d(inChannels: 3, outChannels: 16, kernelSize: 3, padding: 1, bias: false)
///     BatchNorm2d(features: 16)
///     ReLU()
/// }
/// ```
public final class Sequential: Layer {
    public let layers: [any Layer]

    public init(_ layers: [any Layer]) {
        self.layers = layers
    }

    public convenience init(@LayerBuilder _ build: () -> [any Layer]) {
        self.init(build())
    }

    public var namedChildren: [(name: String, module: Module)] {
        layers.enumerated().map { (String($0.offset), $0.element) }
    }

    public func callAsFunction(_ input: Tensor) -> Tensor {
        layers.reduce(input) { $1($0) }
    }
}
