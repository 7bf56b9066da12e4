import KDTensor

/// A network fitted in one call to target class distributions — a decision tree grown on a
/// teacher's soft labels — instead of being trained batch by batch by a gradient trainer.
///
/// Distilling into such a student labels the transfer set with the teacher once and calls
/// ``fit(_:options:progress:)`` with the teacher's probabilities; its baseline is the same
/// network fitted to one-hot labels.
public protocol FittableNetwork: Network {
    /// Whether the network can also be trained by gradient like any other (a soft decision tree
    /// can); `false` for networks whose forward pass records nothing to differentiate (a CART
    /// tree), which gradient trainers must refuse.
    var trainsByGradient: Bool { get }

    /// Fits the network to `data`, replacing whatever it had learned. The same data, options and
    /// seed give the same network. Throws ``FittingError`` for options the network cannot use.
    func fit(_ data: FittingData, options: FittingOptions, progress: (FittingProgress) -> Void) throws
}

extension FittableNetwork {
    /// Fits without reporting progress.
    public func fit(_ data: FittingData, options: FittingOptions) throws {
        try fit(data, options: options) { _ in }
    }
}

/// Samples and the class distribution each should be mapped to.
public struct FittingData {
    /// `[N] + input.shape`, as the network reads its input.
    public let inputs: Tensor
    /// `[N, classes]`: one probability distribution per sample (one-hot for hard labels).
    public let targets: Tensor

    /// Pairs `inputs` with `targets`; both must have the same number of rows.
    public init(inputs: Tensor, targets: Tensor) {
        precondition(inputs.rank >= 2 && targets.rank == 2 && inputs.shape[0] == targets.shape[0],
                     "fitting needs [N, ...] inputs and [N, classes] targets, got \(Shape.describe(inputs.shape)) and \(Shape.describe(targets.shape))")
        self.inputs = inputs
        self.targets = targets
    }

    /// The number of samples.
    public var count: Int { targets.shape[0] }

    /// One-hot targets for `labels` over `classes` classes: the data of a hard-label fit.
    public static func oneHot(inputs: Tensor, labels: [Int], classes: Int) -> FittingData {
        let targets = Tensor.zeros([labels.count, classes])
        for (row, label) in labels.enumerated() {
            precondition((0..<classes).contains(label), "label \(label) is outside 0..<\(classes)")
            targets.pointer[row * classes + label] = 1
        }
        return FittingData(inputs: inputs, targets: targets)
    }
}

/// How far a fit has got: nodes grown for a tree, epochs for a network fitted by gradient.
public struct FittingProgress: Sendable {
    public let completed: Int
    public let total: Int
    /// The fitting loss so far, when the method has one to report.
    public let loss: Double?

    public init(completed: Int, total: Int, loss: Double? = nil) {
        self.completed = completed
        self.total = total
        self.loss = loss
    }
}
