import KDTensor

/// Negative log-likelihood of integer `labels` under `logProbabilities` `[N, C]` (e.g. the
/// output of `logSoftmax`), as PyTorch's `F.nll_loss`: `-logProbabilities[n, labels[n]]`.
/// Samples labelled `ignoreIndex` are skipped, and `.mean` averages over the others.
public func nllLoss(logProbabilities: Tensor, labels: [Int], ignoreIndex: Int? = nil,
                    reduction: Reduction = .mean) -> Tensor {
    precondition(logProbabilities.rank == 2, "nllLoss: log-probabilities must be [N, C], got \(Shape.describe(logProbabilities.shape))")
    precondition(labels.count == logProbabilities.shape[0],
                 "nllLoss: \(labels.count) labels for \(logProbabilities.shape[0]) rows")
    let kept = labels.map { $0 != ignoreIndex }
    // An ignored row reads column 0 and is then masked out, so its label is never checked.
    let picked = logProbabilities.gather(zip(labels, kept).map { $1 ? $0 : 0 }, alongAxis: 1)
    let mask = Tensor(shape: [labels.count], kept.map { $0 ? -1 : 0 })
    return reduction.apply(to: picked * mask, divisor: kept.lazy.filter { $0 }.count)
}
