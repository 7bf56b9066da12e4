import Foundation

/// Where the label of each audio file comes from when a folder is imported.
public enum AudioLabelSource: Equatable, Sendable {
    /// The first subfolder below the imported folder (`DIR/yes/a.wav` is `yes`).
    case folder
    /// A regular expression searched in the file's name (not its folders): the first capture
    /// group is the label, or the whole match when the pattern has no group.
    case filenamePattern(String)
    /// A CSV file with a header naming a `path` column (relative to the imported folder), a
    /// `label` column (a class name, or a space-separated transcript for token targets), and
    /// optionally a `split` column (`train` or `test`). Only the files it lists are imported.
    case manifest(URL)

    /// Parses the CLI form: `folder`, `filename-regex=PATTERN`, `manifest=FILE` or a path ending in `.csv`.
    /// - Throws: ``AudioImportError`` naming the argument when it is none of these.
    public init(argument: String) throws {
        if argument == "folder" {
            self = .folder
        } else if argument.hasPrefix("filename-regex=") {
            let pattern = String(argument.dropFirst("filename-regex=".count))
            do { _ = try NSRegularExpression(pattern: pattern) } catch {
                throw AudioImportError("--labels: '\(pattern)' is not a valid regular expression")
            }
            self = .filenamePattern(pattern)
        } else if argument.hasPrefix("manifest=") {
            self = .manifest(URL(fileURLWithPath: String(argument.dropFirst("manifest=".count))))
        } else if argument.lowercased().hasSuffix(".csv") {
            self = .manifest(URL(fileURLWithPath: argument))
        } else {
            throw AudioImportError("--labels: '\(argument)' is not folder, filename-regex=PATTERN or a manifest .csv")
        }
    }
}

/// A problem with an audio import as a whole (not one audio file); `description` is one line.
public struct AudioImportError: Error, CustomStringConvertible, Equatable, Sendable {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
