import KDZoo

/// The best threshold on one feature for one node's samples.
struct CandidateSplit {
    /// The summed impurity of the two sides; lower is better.
    var cost: Double
    var threshold: Float
    /// How many of the node's samples go left (`x <= threshold`).
    var leftCount: Int
}

/// Finds the best threshold on one feature in a single pass over the node's samples sorted by
/// that feature, keeping prefix sums of the target vectors: each candidate threshold costs
/// `O(classes)` instead of a pass over the samples.
struct SplitSearch {
    let criterion: FittingOptions.Criterion
    let classes: Int
    let minSamplesPerLeaf: Int
    /// `N x classes` target distributions, row by sample.
    let targets: UnsafePointer<Float>
    /// Each sample's `‖target‖²`.
    let squaredNorms: UnsafePointer<Double>

    /// The best split of the `sorted` samples (ascending by the feature, whose values are
    /// `values`, in the same order) whose target sums are `total` and `totalSquares`, or `nil`
    /// when no threshold leaves `minSamplesPerLeaf` samples on both sides. `scratch` holds
    /// `2 x classes` doubles. Thresholds sit halfway between consecutive distinct values; ties
    /// keep the lowest.
    func best(sorted: UnsafePointer<Int32>, values: UnsafePointer<Float>, count n: Int,
              total: UnsafePointer<Double>, totalSquares: Double, scratch leftSum: UnsafeMutablePointer<Double>) -> CandidateSplit? {
        guard n >= 2 * minSamplesPerLeaf else { return nil }
        // The right side's sums are the total minus the left's, kept in the second half of scratch.
        let rightSum = leftSum + classes
        leftSum.update(repeating: 0, count: classes)
        var leftSquares = 0.0
        var best: CandidateSplit?
        for k in 0..<(n - 1) {
            let sample = Int(sorted[k])
            let row = targets + sample * classes
            for c in 0..<classes { leftSum[c] += Double(row[c]) }
            leftSquares += squaredNorms[sample]
            let leftCount = k + 1
            if leftCount < minSamplesPerLeaf { continue }
            if n - leftCount < minSamplesPerLeaf { break }
            let value = values[k], next = values[k + 1]
            if next <= value { continue }
            for c in 0..<classes { rightSum[c] = total[c] - leftSum[c] }
            let cost = NodeImpurity.of(criterion, sum: leftSum, classes: classes, squares: leftSquares, count: Double(leftCount))
                + NodeImpurity.of(criterion, sum: rightSum, classes: classes, squares: totalSquares - leftSquares,
                                  count: Double(n - leftCount))
            if cost < best?.cost ?? .infinity {
                best = CandidateSplit(cost: cost, threshold: Self.threshold(between: value, and: next), leftCount: leftCount)
            }
        }
        return best
    }

    /// A threshold `t` with `low <= t < high`, halfway when float32 can represent it.
    static func threshold(between low: Float, and high: Float) -> Float {
        let middle = low + (high - low) / 2
        return middle < high ? middle : low
    }
}
