import KDTensor
import KDZoo

/// Grows a CART tree depth first by exact greedy splits.
///
/// Every feature's sample order is sorted once, at the root, and kept with the feature's values
/// in that order; each node owns the same range `start..<end` of every feature's order, so
/// splitting a node is a stable partition of that range per feature, which keeps both
/// children's ranges sorted. A node's split search is then one sequential pass per candidate
/// feature (``SplitSearch``), and a level of the tree costs `O(samples x features x classes)`
/// however many distinct values the data has.
final class TreeGrower {
    let options: FittingOptions
    let maxDepth: Int
    let sampleCount: Int
    let featureCount: Int
    let classes: Int
    /// `values[f * N + k]` is feature `f` of sample `order[f * N + k]`.
    private let values: UnsafeMutablePointer<Float>
    /// The data's `N x classes` targets, row by sample (held so that `targets` stays valid).
    private let targetTensor: Tensor
    private let targets: UnsafePointer<Float>
    private let squaredNorms: UnsafeMutablePointer<Double>
    /// `order[f * N ..< (f + 1) * N]`: the samples ascending by feature `f`, each node's samples contiguous.
    private let order: UnsafeMutablePointer<Int32>
    private let goesLeft: UnsafeMutablePointer<Bool>
    private var generator: SeededGenerator
    private var tree: TreeNodes
    private var settled = 0

    /// Prepares a fit of `data`, whose inputs flatten to `featureCount` values each.
    init(data: FittingData, featureCount: Int, maxDepth: Int, options: FittingOptions) {
        self.options = options
        self.maxDepth = maxDepth
        sampleCount = data.count
        self.featureCount = featureCount
        classes = data.targets.shape[1]
        let (n, d, c) = (sampleCount, featureCount, classes)
        values = .allocate(capacity: n * d)
        targetTensor = data.targets
        targets = UnsafePointer(data.targets.pointer)
        squaredNorms = .allocate(capacity: n)
        order = .allocate(capacity: n * d)
        goesLeft = .allocate(capacity: n)
        let targets = self.targets
        for i in 0..<n {
            squaredNorms[i] = (0..<c).reduce(0.0) { $0 + Double(targets[i * c + $1]) * Double(targets[i * c + $1]) }
        }
        generator = SeededGenerator(seed: options.seed)
        tree = TreeNodes(classes: classes)
        presort(data.inputs.pointer)
    }

    deinit {
        for pointer in [UnsafeMutableRawPointer(values), UnsafeMutableRawPointer(squaredNorms),
                        UnsafeMutableRawPointer(order), UnsafeMutableRawPointer(goesLeft)] {
            pointer.deallocate()
        }
    }

    /// Sorts every feature's samples by value, ties by sample index, from row-major `inputs`.
    private func presort(_ inputs: UnsafePointer<Float>) {
        let (n, d, values, order) = (sampleCount, featureCount, values, order)
        // A feature-major copy first, so each sort reads one contiguous column.
        let columns = UnsafeMutablePointer<Float>.allocate(capacity: n * d)
        defer { columns.deallocate() }
        for i in 0..<n { for f in 0..<d { columns[f * n + i] = inputs[i * d + f] } }
        parallelFor(featureCount, minimumChunk: max(1, 4096 / max(n, 1))) { features in
            var pairs = [(value: Float, sample: Int32)](repeating: (0, 0), count: n)
            for f in features {
                for i in 0..<n { pairs[i] = (columns[f * n + i], Int32(i)) }
                pairs.sort { ($0.value, $0.sample) < ($1.value, $1.sample) }
                for k in 0..<n { (order[f * n + k], values[f * n + k]) = (pairs[k].sample, pairs[k].value) }
            }
        }
    }

    /// Grows the whole tree; `progress` hears how many samples have reached a leaf.
    func grow(progress: (FittingProgress) -> Void) -> TreeNodes {
        _ = growNode(start: 0, end: sampleCount, depth: 0, progress: progress)
        return tree
    }

    /// Appends the subtree of the samples `start..<end` in pre-order and returns its root.
    private func growNode(start: Int, end: Int, depth: Int, progress: (FittingProgress) -> Void) -> Int {
        let n = end - start
        let total = UnsafeMutablePointer<Double>.allocate(capacity: classes)
        defer { total.deallocate() }
        total.initialize(repeating: 0, count: classes)
        var totalSquares = 0.0
        for k in start..<end {
            let sample = Int(order[k])
            for c in 0..<classes { total[c] += Double(targets[sample * classes + c]) }
            totalSquares += squaredNorms[sample]
        }
        let node = tree.appendNode(distribution: (0..<classes).map { Float(total[$0] / Double(n)) })
        let impurity = NodeImpurity.of(options.criterion, sum: total, classes: classes, squares: totalSquares, count: Double(n))
        // A split must lower the loss by more than rounding noise in the summed statistics.
        let noise = 1e-9 * Double(n)
        guard depth < maxDepth, impurity > noise,
              let split = bestSplit(start: start, count: n, total: total, totalSquares: totalSquares),
              impurity - split.cost > noise else {
            settled += n
            progress(FittingProgress(completed: settled, total: sampleCount))
            return node
        }
        partition(start: start, count: n, feature: split.feature, leftCount: split.leftCount)
        let left = growNode(start: start, end: start + split.leftCount, depth: depth + 1, progress: progress)
        let right = growNode(start: start + split.leftCount, end: end, depth: depth + 1, progress: progress)
        tree.makeSplit(node, feature: split.feature, threshold: split.threshold, left: left, right: right)
        return node
    }

    /// The best split over the candidate features: `maxFeatures` drawn at random (all by
    /// default); when none of those can split the node (constant on it), further draws are
    /// tried, as scikit-learn does.
    private func bestSplit(start: Int, count n: Int, total: UnsafePointer<Double>, totalSquares: Double)
        -> (feature: Int, threshold: Float, leftCount: Int, cost: Double)? {
        var candidates = Array(0..<featureCount)
        let draw = min(options.maxFeatures ?? featureCount, featureCount)
        if draw < featureCount {
            for i in 0..<(featureCount - 1) {
                candidates.swapAt(i, i + Int(generator.next() % UInt64(featureCount - i)))
            }
        }
        for offset in stride(from: 0, to: featureCount, by: draw) {
            let batch = Array(candidates[offset..<min(offset + draw, featureCount)])
            if let best = bestSplit(amongFeatures: batch, start: start, count: n, total: total, totalSquares: totalSquares) {
                return best
            }
        }
        return nil
    }

    /// Searches `features` in parallel; ties go to the earliest feature in `features`.
    private func bestSplit(amongFeatures features: [Int], start: Int, count n: Int, total: UnsafePointer<Double>,
                           totalSquares: Double) -> (feature: Int, threshold: Float, leftCount: Int, cost: Double)? {
        let search = SplitSearch(criterion: options.criterion, classes: classes, minSamplesPerLeaf: options.minSamplesPerLeaf,
                                 targets: targets, squaredNorms: squaredNorms)
        let results = UnsafeMutableBufferPointer<CandidateSplit?>.allocate(capacity: features.count)
        defer { results.deallocate() }
        let (sampleCount, classes, values, order) = (sampleCount, classes, values, order)
        // Threads only pay off for nodes with enough samples per feature.
        parallelFor(features.count, minimumChunk: max(1, 16_384 / max(n, 1))) { range in
            let scratch = UnsafeMutablePointer<Double>.allocate(capacity: 2 * classes)
            defer { scratch.deallocate() }
            for index in range {
                let f = features[index]
                let offset = f * sampleCount + start
                (results.baseAddress! + index).initialize(to: search.best(
                    sorted: order + offset, values: values + offset, count: n,
                    total: total, totalSquares: totalSquares, scratch: scratch))
            }
        }
        var best: (feature: Int, threshold: Float, leftCount: Int, cost: Double)?
        for (index, result) in results.enumerated() {
            if let result, result.cost < best?.cost ?? .infinity {
                best = (features[index], result.threshold, result.leftCount, result.cost)
            }
        }
        return best
    }

    /// Reorders `start..<start + n` of every feature's order (and values) so that the
    /// `leftCount` samples going left (the first `leftCount` by `feature`) come first, each side
    /// staying sorted.
    private func partition(start: Int, count n: Int, feature: Int, leftCount: Int) {
        let (sampleCount, goesLeft, order, values) = (sampleCount, goesLeft, order, values)
        for k in 0..<n { goesLeft[Int(order[feature * sampleCount + start + k])] = k < leftCount }
        parallelFor(featureCount, minimumChunk: max(1, 16_384 / max(n, 1))) { features in
            let rightSamples = UnsafeMutablePointer<Int32>.allocate(capacity: n)
            let rightValues = UnsafeMutablePointer<Float>.allocate(capacity: n)
            defer {
                rightSamples.deallocate()
                rightValues.deallocate()
            }
            for f in features {
                let samples = order + f * sampleCount + start, sorted = values + f * sampleCount + start
                var (l, r) = (0, 0)
                for k in 0..<n {
                    let (sample, value) = (samples[k], sorted[k])
                    if goesLeft[Int(sample)] {
                        (samples[l], sorted[l]) = (sample, value)
                        l += 1
                    } else {
                        (rightSamples[r], rightValues[r]) = (sample, value)
                        r += 1
                    }
                }
                (samples + l).update(from: rightSamples, count: r)
                (sorted + l).update(from: rightValues, count: r)
            }
        }
    }
}
