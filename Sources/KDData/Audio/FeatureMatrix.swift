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

    /// The first `frameCount` frames, or all of them followed by zero frames up to `frameCount`.
    public func fitted(toFrameCount frameCount: Int) -> FeatureMatrix {
        let kept = min(frameCount, self.frameCount) * featureCount
        var values = Array(self.values[0..<kept])
        values.append(contentsOf: repeatElement(0, count: frameCount * featureCount - kept))
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
