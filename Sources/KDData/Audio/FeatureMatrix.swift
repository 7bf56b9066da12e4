/// A feature sequence: ``frameCount`` frames of ``featureCount`` values, row-major (frame-major).
public struct FeatureMatrix: Equatable, Sendable {
    public let frameCount: Int
    public let featureCount: Int
    /// `values[frame * featureCount + feature]`.
    public var values: [Float]

    public init(frameCount: Int, featureCount: Int, values: [Float]) {
        precondition(values.count == frameCount * featureCount,
                     "\(values.count) values do not fill \(frameCount) frames of \(featureCount) features")
        self.frameCount = frameCount
        self.featureCount = featureCount
        self.values = values
    }

    /// The features of one frame.
    public subscript(frame: Int) -> ArraySlice<Float> {
        values[frame * featureCount..<(frame + 1) * featureCount]
    }

    /// Exactly `frameCount` frames: the first ones when there are more, otherwise all of them
    /// followed by copies of `padding` (one value per feature; zeros when nil).
    public func fitted(toFrameCount frameCount: Int, padding: [Float]? = nil) -> FeatureMatrix {
        precondition(padding.map { $0.count == featureCount } ?? true,
                     "padding has \(padding?.count ?? 0) values for \(featureCount) features")
        var values = Array(self.values[0..<min(frameCount, self.frameCount) * featureCount])
        let padding = padding ?? [Float](repeating: 0, count: featureCount)
        for _ in self.frameCount..<max(frameCount, self.frameCount) { values.append(contentsOf: padding) }
        return FeatureMatrix(frameCount: frameCount, featureCount: featureCount, values: values)
    }

    /// Static features followed by their deltas (and delta-deltas for `order` 2), per frame.
    ///
    /// The HTK regression `d[t] = Σ n·(c[t+n] - c[t-n]) / (2·Σ n²)` over `n = 1...window`,
    /// with frames beyond either end replaced by the first or last frame.
    public func appendingDeltas(order: Int, window: Int) -> FeatureMatrix {
        precondition((0...2).contains(order) && window >= 1, "delta order \(order), window \(window)")
        guard order > 0 else { return self }
        var blocks = [values]
        for _ in 0..<order { blocks.append(Self.deltas(of: blocks.last!, frames: frameCount, features: featureCount, window: window)) }
        let width = featureCount * (order + 1)
        var combined = [Float](repeating: 0, count: frameCount * width)
        for frame in 0..<frameCount {
            for (index, block) in blocks.enumerated() {
                let destination = frame * width + index * featureCount
                let source = frame * featureCount
                for feature in 0..<featureCount { combined[destination + feature] = block[source + feature] }
            }
        }
        return FeatureMatrix(frameCount: frameCount, featureCount: width, values: combined)
    }

    private static func deltas(of values: [Float], frames: Int, features: Int, window: Int) -> [Float] {
        let denominator = Float(2 * (1...window).reduce(0) { $0 + $1 * $1 })
        var result = [Float](repeating: 0, count: values.count)
        values.withUnsafeBufferPointer { c in
            result.withUnsafeMutableBufferPointer { d in
                for t in 0..<frames {
                    for n in 1...window {
                        let ahead = min(t + n, frames - 1) * features
                        let behind = max(t - n, 0) * features
                        let weight = Float(n) / denominator
                        for f in 0..<features { d[t * features + f] += weight * (c[ahead + f] - c[behind + f]) }
                    }
                }
            }
        }
        return result
    }
}
