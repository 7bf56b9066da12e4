import KDTensor

/// How the axes of one sample are to be read.
public enum InputLayout: String, Codable, CaseIterable, Sendable, CustomStringConvertible {
    /// `[C, H, W]`: channels, height, width (a spectrogram is `[1, T, F]`).
    case image
    /// `[T, F]`: time steps of `F` features each.
    case sequence
    /// `[D]`: a feature vector (any fixed-size sample flattened).
    case flat
    /// `[T]`: token ids; not real-valued features, so never flattened into a vector.
    case tokens

    public var description: String { rawValue }

    /// The rank of one sample in this layout.
    public var rank: Int {
        switch self {
        case .image: 3
        case .sequence: 2
        case .flat, .tokens: 1
        }
    }
}

/// The shape of one sample (without the batch axis) and how to read it.
///
/// A batch for a network built for `spec` is a tensor of shape `[N] + spec.shape`. In JSON (the
/// `input` attribute of weights files) it is `{"kind":"image","shape":[3,32,32]}`, the key named
/// like a dataset file's `kind`; token inputs add their vocabulary: `{"kind":"tokens","shape":[12],"vocabulary":30}`.
public struct InputSpec: Hashable, Codable, Sendable, CustomStringConvertible {
    public let layout: InputLayout
    /// Per-sample dimensions, e.g. `[3, 32, 32]` for a CIFAR image.
    public let shape: [Int]
    /// For `tokens` inputs, the number of distinct ids (the source vocabulary), which sizes a
    /// model's embedding table; `nil` when unknown and for every other layout.
    public let vocabulary: Int?

    private enum CodingKeys: String, CodingKey {
        case layout = "kind"
        case shape
        case vocabulary
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let spec = try InputSpec(container.decode(InputLayout.self, forKey: .layout), shape: container.decode([Int].self, forKey: .shape))
        guard let vocabulary = try container.decodeIfPresent(Int.self, forKey: .vocabulary) else {
            self = spec
            return
        }
        guard spec.layout == .tokens else {
            throw ZooError.invalidInput("only tokens inputs have a vocabulary, not \(spec)")
        }
        self = try .tokens(length: spec.shape[0], vocabulary: vocabulary)
    }

    /// A spec; `shape` must have the layout's rank and positive dimensions.
    public init(_ layout: InputLayout, shape: [Int]) throws {
        guard shape.count == layout.rank, shape.allSatisfy({ $0 > 0 }) else {
            throw ZooError.invalidInput("a \(layout) input needs \(layout.rank) positive dimensions, got \(Shape.describe(shape))")
        }
        self.init(validated: layout, shape: shape)
    }

    /// A spec whose shape the caller has already checked against the layout.
    private init(validated layout: InputLayout, shape: [Int], vocabulary: Int? = nil) {
        self.layout = layout
        self.shape = shape
        self.vocabulary = vocabulary
    }

    /// Token sequences of `length` ids, each in `0..<vocabulary`.
    public static func tokens(length: Int, vocabulary: Int) throws -> InputSpec {
        guard length > 0, vocabulary > 0 else {
            throw ZooError.invalidInput("a tokens input needs a positive length and vocabulary, got \(length) and \(vocabulary)")
        }
        return InputSpec(validated: .tokens, shape: [length], vocabulary: vocabulary)
    }

    /// A CIFAR image, 3x32x32.
    public static let cifar = InputSpec(validated: .image, shape: [3, 32, 32])
    /// An MNIST image, 1x28x28.
    public static let mnist = InputSpec(validated: .image, shape: [1, 28, 28])

    /// An image of `channels x height x width`.
    public static func image(channels: Int, height: Int, width: Int) throws -> InputSpec {
        try InputSpec(.image, shape: [channels, height, width])
    }

    /// Parses `3x32x32` (an image), `100x40` (a sequence of 100 frames of 40 features) or `784` (a vector).
    public init(parsing text: String) throws {
        let parts = text.split(separator: "x", omittingEmptySubsequences: false).map { Int($0) }
        guard let dimensions = parts as? [Int], (1...3).contains(dimensions.count) else {
            throw ZooError.invalidInput("'\(text)' is not an input shape; write CxHxW (e.g. 3x32x32), TxF or D")
        }
        let layout: InputLayout = switch dimensions.count {
        case 3: .image
        case 2: .sequence
        default: .flat
        }
        try self.init(layout, shape: dimensions)
    }

    /// The number of values in one sample.
    public var elementCount: Int { Shape.count(shape) }

    /// `3x32x32`.
    public var dimensions: String { Shape.describe(shape) }

    /// `3x32x32 image`, `12 tokens of 30 ids`.
    public var description: String {
        "\(dimensions) \(layout)" + (vocabulary.map { " of \($0) ids" } ?? "")
    }

    /// Every way this sample can be handed to a network, most natural first. Each is a
    /// reshape of the same values: a one-channel image reads as a sequence of its rows, a
    /// sequence as a one-channel image, and any real-valued sample as a flat vector.
    public var presentations: [InputSpec] {
        var result = [self]
        switch layout {
        case .image:
            if shape[0] == 1 { result.append(InputSpec(validated: .sequence, shape: [shape[1], shape[2]])) }
            result.append(InputSpec(validated: .flat, shape: [elementCount]))
        case .sequence:
            result.append(InputSpec(validated: .image, shape: [1] + shape))
            result.append(InputSpec(validated: .flat, shape: [elementCount]))
        case .flat, .tokens:
            break
        }
        return result
    }
}
