/// Per-feature mean and standard deviation over many frames, for mean/variance normalisation.
///
/// Accumulates in `Double` so a dataset's worth of frames does not lose precision.
public struct FeatureStatistics: Codable, Equatable, Sendable {
    public private(set) var mean: [Float]
    public private(set) var standardDeviation: [Float]

    /// Deviations below this are raised to it, so a constant feature maps to 0 instead of NaN.
    public static let minimumDeviation: Float = 1e-5

    /// Statistics of the first `lengths[i]` frames of each matrix (all frames when `lengths` is nil).
    public init(of matrices: [FeatureMatrix], lengths: [Int]? = nil) {
        let width = matrices.first?.featureCount ?? 0
        var sum = [Double](repeating: 0, count: width)
        var sumOfSquares = [Double](repeating: 0, count: width)
        var count = 0
        for (index, matrix) in matrices.enumerated() {
            precondition(matrix.featureCount == width, "feature counts differ: \(matrix.featureCount) vs \(width)")
            let frames = min(lengths?[index] ?? matrix.frameCount, matrix.frameCount)
            for frame in 0..<frames {
                for feature in 0..<width {
                    let x = Double(matrix.values[frame * width + feature])
                    sum[feature] += x
                    sumOfSquares[feature] += x * x
                }
            }
            count += frames
        }
        let n = Double(max(count, 1))
        mean = sum.map { Float($0 / n) }
        standardDeviation = zip(sum, sumOfSquares).map { sum, squares in
            let variance = max(0, squares / n - (sum / n) * (sum / n))
            return max(Float(variance.squareRoot()), Self.minimumDeviation)
        }
    }

    /// `(x - mean) / deviation` for each feature of the first `length` frames (all when nil);
    /// frames past `length` (padding) are left as they are.
    public func normalise(_ matrix: inout FeatureMatrix, length: Int? = nil) {
        let width = matrix.featureCount
        precondition(width == mean.count, "statistics have \(mean.count) features, matrix has \(width)")
        let frames = min(length ?? matrix.frameCount, matrix.frameCount)
        for frame in 0..<frames {
            for feature in 0..<width {
                let index = frame * width + feature
                matrix.values[index] = (matrix.values[index] - mean[feature]) / standardDeviation[feature]
            }
        }
    }
}
