import Foundation

/// One source/target example of a sequence-to-sequence dataset, e.g. a word's letters and
/// its phonemes.
public struct TokenPair: Equatable, Sendable {
    public let source: [String]
    public let target: [String]

    public init(source: [String], target: [String]) {
        self.source = source
        self.target = target
    }
}

/// Reads token pairs from a pronouncing dictionary or a two-column TSV file.
public enum TokenPairFile {
    public enum Format: String, CaseIterable, Sendable {
        /// CMUdict: `WORD  PH1 PH2 ...` (any whitespace after the word); `WORD(2)` marks an
        /// alternate pronunciation of `WORD`; lines starting with `;;;` or `#` are comments, and
        /// so is a trailing ` # ...`.
        case cmudict
        /// `source<TAB>target`, each side space-separated tokens; `#` lines are comments.
        case tsv
    }

    /// How the source side is cut into tokens.
    public enum SourceUnits: String, CaseIterable, Sendable {
        /// Each character is a token (graphemes), lowercased.
        case characters
        /// Space-separated tokens, as written.
        case tokens
    }

    /// The pairs in `url`, in file order.
    /// - Parameter firstPronunciationOnly: drop `WORD(2)`-style alternates (cmudict).
    /// - Throws: ``DataFileError`` naming the file and line of the first malformed entry, or when
    ///   the file holds no pair.
    public static func read(_ url: URL, format: Format, sourceUnits: SourceUnits,
                            firstPronunciationOnly: Bool = false) throws -> [TokenPair] {
        let file = url.path
        guard FileManager.default.fileExists(atPath: file) else { throw DataFileError(file: file, "no such file") }
        guard let data = FileManager.default.contents(atPath: file) else { throw DataFileError(file: file, "cannot be read") }
        // CMUdict 0.7b is Latin-1; newer releases and TSVs are UTF-8.
        guard let text = String(data: data, encoding: .utf8) ?? String(data: data, encoding: .isoLatin1) else {
            throw DataFileError(file: file, "is not text")
        }
        var pairs: [TokenPair] = []
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";;;") { continue }
            let (source, target, isAlternate) = try split(line, format: format, file: file, line: index + 1)
            if isAlternate && firstPronunciationOnly { continue }
            let sourceTokens = sourceUnits == .characters
                ? source.lowercased().map(String.init)
                : source.split(separator: " ").map(String.init)
            pairs.append(TokenPair(source: sourceTokens, target: target.split(whereSeparator: \.isWhitespace).map(String.init)))
        }
        guard !pairs.isEmpty else { throw DataFileError(file: file, "holds no \(format.rawValue) entries") }
        return pairs
    }

    /// The source text, the target text and whether the entry is an alternate pronunciation.
    private static func split(_ line: String, format: Format, file: String, line number: Int) throws
        -> (String, String, Bool) {
        switch format {
        case .tsv:
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard columns.count == 2 else {
                throw DataFileError(file: file, "line \(number) has \(columns.count) tab-separated columns, expected 2")
            }
            let source = columns[0].trimmingCharacters(in: .whitespaces)
            let target = columns[1].trimmingCharacters(in: .whitespaces)
            guard !source.isEmpty, !target.isEmpty else { throw DataFileError(file: file, "line \(number) has an empty column") }
            return (source, target, false)
        case .cmudict:
            let uncommented = line.range(of: " #").map { String(line[..<$0.lowerBound]) } ?? line
            guard let gap = uncommented.firstIndex(where: \.isWhitespace) else {
                throw DataFileError(file: file, "line \(number): '\(line)' has a word but no pronunciation")
            }
            var word = String(uncommented[..<gap])
            let pronunciation = uncommented[gap...].trimmingCharacters(in: .whitespaces)
            var isAlternate = false
            if word.hasSuffix(")"), let open = word.lastIndex(of: "("),
               Int(word[word.index(after: open)..<word.index(before: word.endIndex)]) != nil, open > word.startIndex {
                word = String(word[..<open])
                isAlternate = true
            }
            guard !pronunciation.isEmpty else {
                throw DataFileError(file: file, "line \(number): '\(line)' has a word but no pronunciation")
            }
            return (word, pronunciation, isAlternate)
        }
    }
}
