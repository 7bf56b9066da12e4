import KDTensor

/// How a loss combines its per-sample (or per-element) values, as PyTorch's `reduction`.
public enum Reduction: Sendable {
    /// The average (each loss documents what it averages over).
    case mean
    /// The total.
    case sum
    /// No reduction: one value per sample or element.
    case none

    /// `losses` reduced; `.mean` divides the total by `divisor` (default: the element count).
    func apply(to losses: Tensor, divisor: Int? = nil) -> Tensor {
        switch self {
        case .mean: losses.sum() * (1 / Float(divisor ?? losses.count))
        case .sum: losses.sum()
        case .none: losses
        }
    }
}
