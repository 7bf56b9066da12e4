import Foundation

/// The tokens of one side of a `tokens` or speech-to-sequence dataset; a token's id is its index.
///
/// Ids 0...3 are reserved, in this order, for ``padding`` (fills sequences past their length),
/// ``start`` and ``end`` (which sequence models put around a target; datasets store sequences
/// without them) and ``unknown`` (tokens not in the vocabulary). The rest are the tokens seen
/// when the vocabulary was built, sorted, so the same data always gives the same ids.
public struct Vocabulary: Codable, Equatable, Sendable {
    public static let padding = "<pad>"
    public static let start = "<s>"
    public static let end = "</s>"
    public static let unknown = "<unk>"
    public static let reserved = [padding, start, end, unknown]

    /// Every token, by id.
    public let tokens: [String]
    private let ids: [String: Int]

    /// The reserved tokens followed by every distinct token of `sequences`, sorted.
    public init<Sequences: Sequence>(building sequences: Sequences) where Sequences.Element == [String] {
        var seen = Set<String>()
        for sequence in sequences { seen.formUnion(sequence) }
        self.init(tokens: Self.reserved + seen.subtracting(Self.reserved).sorted())
    }

    /// A vocabulary read back from a dataset; `tokens` must start with ``reserved``.
    public init(tokens: [String]) {
        precondition(Array(tokens.prefix(Self.reserved.count)) == Self.reserved,
                     "a vocabulary starts with \(Self.reserved), got \(tokens.prefix(4))")
        self.tokens = tokens
        ids = Dictionary(tokens.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public var count: Int { tokens.count }

    /// The id of `token`, or that of ``unknown``.
    public func id(of token: String) -> Int { ids[token] ?? 3 }

    public func encode(_ sequence: [String]) -> [Int] { sequence.map(id(of:)) }

    /// The tokens of `ids`, stopping at the first ``padding``.
    public func decode(_ ids: [Int]) -> [String] {
        ids.prefix { $0 != 0 }.map { tokens.indices.contains($0) ? tokens[$0] : Self.unknown }
    }

    /// `sequences` laid end to end, each padded with ``padding`` (id 0) to `width` ids.
    public static func padded(_ sequences: [[Int]], toWidth width: Int) -> [Int] {
        var ids = [Int](repeating: 0, count: sequences.count * width)
        for (row, sequence) in sequences.enumerated() {
            precondition(sequence.count <= width, "a sequence of \(sequence.count) ids does not fit width \(width)")
            for (column, id) in sequence.enumerated() { ids[row * width + column] = id }
        }
        return ids
    }

    /// The tokens as a JSON array, as datasets store a vocabulary in a string attribute.
    public var json: String {
        String(decoding: try! JSONEncoder().encode(tokens), as: UTF8.self)
    }

    private enum CodingKeys: CodingKey { case tokens }
    public init(from decoder: Decoder) throws {
        self.init(tokens: try decoder.container(keyedBy: CodingKeys.self).decode([String].self, forKey: .tokens))
    }
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(tokens, forKey: .tokens)
    }
}
