import Foundation
import KDTensor

/// PyTorch's `torch.nn.init`: in-place initialisers for parameters, drawing from the
/// thread's initialisation generator (see ``withRandomSeed(_:_:)``).
///
/// A plugin porting `nn.init.kaiming_normal_(m.weight, mode='fan_out', nonlinearity='relu')`
/// writes `Init.kaimingNormal(conv.weight, mode: .fanOut, nonlinearity: .relu)`.
public enum Init {
    /// Which fan a Kaiming initialiser preserves the variance of.
    public enum FanMode: Sendable {
        /// Forward activations (PyTorch's default).
        case fanIn
        /// Backward gradients.
        case fanOut
    }

    /// The activation that follows a layer, which sets the gain of Kaiming and Xavier
    /// initialisers as in `torch.nn.init.calculate_gain`.
    public enum Nonlinearity: Sendable {
        case linear, sigmoid, tanh, relu, selu
        case leakyRelu(negativeSlope: Float)

        /// The recommended gain: 1, 1, 5/3, √2, 3/4, √(2 / (1 + slope²)).
        public var gain: Float {
            switch self {
            case .linear, .sigmoid: 1
            case .tanh: 5.0 / 3.0
            case .relu: Float(2).squareRoot()
            case .selu: 0.75
            case .leakyRelu(let slope): (2 / (1 + slope * slope)).squareRoot()
            }
        }
    }

    /// `(fanIn, fanOut)` of a weight shaped `[out, in, kernel...]` (Linear, Conv2d).
    public static func fans(of shape: [Int]) -> (fanIn: Int, fanOut: Int) {
        precondition(shape.count >= 2, "fan in and fan out need a weight with at least 2 axes, got \(Shape.describe(shape))")
        let receptiveField = Shape.count(Array(shape.dropFirst(2)))
        return (shape[1] * receptiveField, shape[0] * receptiveField)
    }

    /// Fills `tensor` from `U(low, high)`.
    public static func uniform(_ tensor: Tensor, low: Float, high: Float) {
        InitializationRandom.draw { generator in
            let p = tensor.pointer
            for i in 0..<tensor.count { p[i] = low + (high - low) * generator.nextUniform() }
        }
    }

    /// Fills `tensor` from `N(mean, std²)`.
    public static func normal(_ tensor: Tensor, mean: Float = 0, std: Float = 1) {
        InitializationRandom.draw { generator in
            let p = tensor.pointer
            for i in 0..<tensor.count { p[i] = mean + std * generator.nextNormal() }
        }
    }

    /// Sets every element to `value`.
    public static func constant(_ tensor: Tensor, _ value: Float) {
        tensor.fill(value)
    }

    /// Kaiming (He) uniform: `U(-b, b)` with `b = gain · √(3 / fan)`. With the default
    /// `.leakyRelu(negativeSlope: √5)` this is PyTorch's default for Linear and Conv2d
    /// weights, `b = 1 / √fanIn`.
    public static func kaimingUniform(_ tensor: Tensor, mode: FanMode = .fanIn,
                                      nonlinearity: Nonlinearity = .leakyRelu(negativeSlope: 0)) {
        let bound = nonlinearity.gain * (3 / Float(fan(of: tensor, mode))).squareRoot()
        uniform(tensor, low: -bound, high: bound)
    }

    /// Kaiming (He) normal: `N(0, std²)` with `std = gain / √fan`.
    public static func kaimingNormal(_ tensor: Tensor, mode: FanMode = .fanIn,
                                     nonlinearity: Nonlinearity = .leakyRelu(negativeSlope: 0)) {
        normal(tensor, std: nonlinearity.gain / Float(fan(of: tensor, mode)).squareRoot())
    }

    /// Xavier (Glorot) uniform: `U(-b, b)` with `b = gain · √(6 / (fanIn + fanOut))`.
    public static func xavierUniform(_ tensor: Tensor, gain: Float = 1) {
        let (fanIn, fanOut) = fans(of: tensor.shape)
        let bound = gain * (6 / Float(fanIn + fanOut)).squareRoot()
        uniform(tensor, low: -bound, high: bound)
    }

    /// Xavier (Glorot) normal: `N(0, std²)` with `std = gain · √(2 / (fanIn + fanOut))`.
    public static func xavierNormal(_ tensor: Tensor, gain: Float = 1) {
        let (fanIn, fanOut) = fans(of: tensor.shape)
        normal(tensor, std: gain * (2 / Float(fanIn + fanOut)).squareRoot())
    }

    /// PyTorch's default bias initialisation for Linear and Conv2d: `U(-1/√fanIn, 1/√fanIn)`.
    public static func fanInUniform(_ tensor: Tensor, fanIn: Int) {
        let bound = fanIn > 0 ? 1 / Float(fanIn).squareRoot() : 0
        uniform(tensor, low: -bound, high: bound)
    }

    private static func fan(of tensor: Tensor, _ mode: FanMode) -> Int {
        let (fanIn, fanOut) = fans(of: tensor.shape)
        return mode == .fanIn ? fanIn : fanOut
    }
}
