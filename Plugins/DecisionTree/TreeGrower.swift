import KDTensor
import KDZoo

/// Grows a CART tree depth first by exact greedy splits.
///
/// Every feature's sample order is sorted once, at the root; each node owns the same range
/// `start..<end` of every feature's order, so splitting a node is a stable partition of that
/// range per feature, which keeps both children's ranges sorted. A node's split search is then
/// one pass per candidate feature (``SplitSearch``), and a level of the tree costs
/// `O(samples x features x classes)` however many distinct values the data has.
final class TreeGrower {
    let options: FittingOptions
    let maxDepth: Int
    let sampleCount: Int
    let featureCount: Int
    let classes: Int
    /// Feature-major copy of the inputs: `values[f * N + i]` is feature `f` of sample `i`.
    private let values: UnsafeMutablePointer<Float>
    /// `N x classes` targets, row by sample.
    private let targets: UnsafeMutablePointer<Double>
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
        targets = .allocate(capacity: n * c)
        squaredNorms = .allocate(capacity: n)
        order = .allocate(capacity: n * d)
        goesLeft = .allocate(capacity: n)
        let inputs = data.inputs.pointer, given = data.targets.pointer
        for i in 0..<n {
            for f in 0..<d { values[f * n + i] = inputs[i * d + f] }
            var norm = 0.0
            for k in 0..<c {
                let t = Double(given[i * c + k])
                targets[i * c + k] = t
                norm += t * t
            }
            squaredNorms[i] = norm
        }
        generator = SeededGenerator(seed: options.seed)
        tree = TreeNodes(classes: classes)
        presort()
    }

    deinit {
        for pointer in [UnsafeMutableRawPointer(values), UnsafeMutableRawPointer(targets), UnsafeMutableRawPointer(squaredNorms),
                        UnsafeMutableRawPointer(order), UnsafeMutableRawPointer(goesLeft)] {
            pointer.deallocate()
        }
    }

    private func presort() {
        let (n, values, order) = (sampleCount, values, order)
        parallelFor(featureCount, minimumChunk: max(1, 4096 / max(n, 1))) { features in
            var pairs = [(value: Float, sample: Int32)](repeating: (0, 0), count: n)
            for f in features {
                for i in 0..<n { pairs[i] = (values[f * n + i], Int32(i)) }
                pairs.sort { ($0.value, $0.sample) < ($1.value, $1.sample) }
                for i in 0..<n { order[f * n + i] = pairs[i].sample }
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
            for c in 0..<classes { total[c] += targets[sample * classes + c] }
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
                (results.baseAddress! + index).initialize(to: search.best(
                    sorted: order + f * sampleCount + start, count: n, values: values + f * sampleCount,
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

    /// Reorders `start..<start + n` of every feature's order so that the `leftCount` samples
    /// going left (the first `leftCount` by `feature`) come first, each side staying sorted.
    private func partition(start: Int, count n: Int, feature: Int, leftCount: Int) {
        let (sampleCount, goesLeft, order) = (sampleCount, goesLeft, order)
        for k in 0..<n { goesLeft[Int(order[feature * sampleCount + start + k])] = k < leftCount }
        parallelFor(featureCount, minimumChunk: max(1, 16_384 / max(n, 1))) { features in
            let rightSide = UnsafeMutablePointer<Int32>.allocate(capacity: n)
            defer { rightSide.deallocate() }
            for f in features {
                let range = order + f * sampleCount + start
                var (l, r) = (0, 0)
                for k in 0..<n {
                    let sample = range[k]
                    if goesLeft[Int(sample)] {
                        range[l] = sample
                        l += 1
                    } else {
                        rightSide[r] = sample
                        r += 1
                    }
                }
                (range + l).update(from: rightSide, count: r)
            }
        }
    }
}
