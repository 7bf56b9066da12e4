import KDZoo

/// Recurrent sequence classifiers: a stacked LSTM over the frames of a sequence `[T, F]` (a
/// spectrogram, or any image read row by row), pooled to one vector, then a linear head.
///
/// A variant is `<layers>x<units>`, optionally `-bi` (bidirectional) and `-mean` (masked mean over
/// the valid frames instead of the final state): `2x256` is the teacher and `2x64` the student of
/// the speech benchmark (40 log-mel features, 100 frames, last-step head), `2x256-bi` a larger
/// teacher, `1x32` a tiny student. Any sizes are accepted (`lstm-3x48-bi-mean`).
public struct LSTMArchitecture: Architecture {
    public init() {}

    public var name: String { "lstm" }
    public var summary: String { "stacked (bi)LSTM sequence classifier with last-state or mean pooling" }
    public var task: Task { .sequenceClassification }
    public var variants: [String] { ["1x32", "2x64", "2x128", "2x256", "2x256-bi"] }
    public var defaultVariant: String { "2x256" }
    public var tinyVariant: String { "1x4" }
    public var inputLayouts: [InputLayout] { [.sequence] }
    /// The speech benchmark: 100 frames of 40 log-mel features, 10 classes.
    public var defaultInput: InputSpec { try! InputSpec(.sequence, shape: [100, 40]) }
    public var defaultClasses: Int { 10 }

    public func canonicalVariant(_ variant: String) -> String? {
        configuration(of: variant).map { shape, pooling in shape.description + (pooling == .mean ? "-mean" : "") }
    }

    public func makeNetwork(variant: String, input: InputSpec, classes: Int) throws -> any Network {
        guard let (shape, pooling) = configuration(of: variant) else {
            throw ZooError.unknownVariant(architecture: name, variant: variant, known: variants)
        }
        return LSTMClassifier(features: input.shape[1], shape: shape, pooling: pooling, classes: classes)
    }

    private func configuration(of variant: String) -> (RecurrentShape, LSTMClassifier.Pooling)? {
        let mean = variant.hasSuffix("-mean")
        return RecurrentShape(parsing: String(mean ? variant.dropLast(5) : variant[...])).map { ($0, mean ? .mean : .last) }
    }
}
