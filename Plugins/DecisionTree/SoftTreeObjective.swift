import KDTensor

/// The training loss of Frosst and Hinton (2017) for a soft decision tree on one batch with
/// target distributions `T` (a teacher's soft labels, or one-hot labels):
///
///     L = −(1/N) Σₓ Σ_leaves P_ℓ(x) Σ_k T_k(x) log Q_ℓk  +  C
///
/// the cross-entropy of every leaf's distribution `Q_ℓ` to the targets, weighted by the
/// probability `P_ℓ(x)` of the path to it (the paper prints a `−log` around the sum, which is
/// undefined for the negative values inside; this is the path-weighted cross-entropy it
/// describes). The balance penalty
///
///     C = −Σ_inner λ·2^−d(i) · ½ (log αᵢ + log(1 − αᵢ)),   αᵢ = Σₓ Pᵢ(x) pᵢ(x) / Σₓ Pᵢ(x)
///
/// pushes every inner node `i` (at depth d(i), reached with probability `Pᵢ(x)`, going right
/// with probability `pᵢ(x)`) to send equal shares of the batch to both subtrees.
struct SoftTreeObjective {
    let tree: SoftDecisionTree

    func loss(inputs: Tensor, targets: Tensor) -> (total: Tensor, crossEntropy: Tensor, penalty: Tensor) {
        let n = inputs.shape[0]
        let routing = tree.route(inputs)
        let leafLogProbabilities = tree.leafLogits.logSoftmax(alongAxis: 1)
        // Σ_ℓ P_ℓ Σ_k T_k log Q_ℓk = Σ_k T_k (P · log Q)_k
        let crossEntropy = -(targets * routing.leafReach.matmul(leafLogProbabilities)).sum() * (1 / Float(n))
        let reached = routing.innerReach.sum(alongAxes: [0]) + 1e-12
        let alpha = ((routing.innerReach * routing.right).sum(alongAxes: [0]) / reached).clamped(min: 1e-6, max: 1 - 1e-6)
        let penalty = -((alpha.log() + (1 - alpha).log()) * penaltyWeights).sum()
        return (crossEntropy + penalty, crossEntropy, penalty)
    }

    /// `λ · 2^−d · ½` per inner node, level by level.
    private var penaltyWeights: Tensor {
        let weights = (0..<tree.innerNodeCount).map { node -> Float in
            let level = Int.bitWidth - (node + 1).leadingZeroBitCount - 1
            return tree.penaltyStrength * 0.5 / Float(1 << level)
        }
        return Tensor(shape: [tree.innerNodeCount], weights)
    }
}
