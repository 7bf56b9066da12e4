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

    /// Runs the layers in turn, except that a ``Conv2d`` followed by a ``BatchNorm2d`` (and a
    /// ``ReLU`` or ``ReLU6``) runs as one call, which folds them together in inference (see
    /// ``Conv2d/callAsFunction(_:thenBatchNorm:adding:clamp:)``).
    public func callAsFunction(_ input: Tensor) -> Tensor {
        var x = input, next = 0
        while next < layers.count {
            if let conv = layers[next] as? Conv2d, next + 1 < layers.count, let norm = layers[next + 1] as? BatchNorm2d {
                let clamp = next + 2 < layers.count ? Self.clamp(of: layers[next + 2]) : nil
                x = conv(x, thenBatchNorm: norm, clamp: clamp)
                next += clamp == nil ? 2 : 3
            } else {
                x = layers[next](x)
                next += 1
            }
        }
        return x
    }

    /// The bounds an activation layer applies, when it is a clamp.
    private static func clamp(of layer: any Layer) -> OutputClamp? {
        switch layer {
        case is ReLU: .relu
        case is ReLU6: .relu6
        default: nil
        }
    }
}
