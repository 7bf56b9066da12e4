import Foundation
import KDZoo

/// The impurity of a set of samples under a fitting criterion, from the set's sufficient
/// statistics: `n` samples, `sum` the sum of their target vectors and `squares` the sum of the
/// targets' squared norms. The best leaf value of a set, under either criterion, is its mean
/// target `sum / n`, and the impurity is the set's total loss at that value:
///
/// - cross-entropy: `Σᵢ CE(tᵢ, sum/n) = (Σ_c sum_c)·log n − Σ_c sum_c·log sum_c`
///   (`n·H(mean)` for targets summing to 1: the entropy criterion for soft targets)
/// - squared error: `Σᵢ ‖tᵢ − sum/n‖² = squares − ‖sum‖² / n` (the Gini criterion for soft targets)
///
/// Both are additive over disjoint sets, so a split's cost is the sum of its sides'.
enum NodeImpurity {
    @inline(__always)
    static func of(_ criterion: FittingOptions.Criterion, sum: UnsafePointer<Double>, classes: Int,
                   squares: Double, count n: Double) -> Double {
        switch criterion {
        case .crossEntropy:
            // The mass of float32 targets is n only up to rounding; the definition uses the mass.
            var mass = 0.0, total = 0.0
            for c in 0..<classes where sum[c] > 0 {
                mass += sum[c]
                total -= sum[c] * Foundation.log(sum[c])
            }
            return max(total + mass * Foundation.log(n), 0)
        case .squaredError:
            var norm = 0.0
            for c in 0..<classes { norm += sum[c] * sum[c] }
            return max(squares - norm / n, 0)
        }
    }
}
