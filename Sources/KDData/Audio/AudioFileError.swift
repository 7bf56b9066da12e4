import Foundation

/// Why an audio file could not be turned into samples; `description` is one line naming the file.
public struct AudioFileError: Error, CustomStringConvertible, Equatable, Sendable {
    /// What went wrong with the file.
    public enum Reason: Equatable, Sendable {
        /// No file at the path.
        case missing
        /// The file holds no audio frames (or no bytes at all).
        case empty
        /// The file was recognised but could not be decoded (malformed header, truncated data,
        /// I/O error); the associated text is libsndfile's explanation.
        case unreadable(String)
        /// libsndfile does not recognise the container or the encoding.
        case unsupportedFormat(String)
        /// An importer found no label for the file; the text says why.
        case unlabelled(String)
    }

    /// The file at fault, as it was given.
    public let path: String
    public let reason: Reason

    public init(path: String, reason: Reason) {
        self.path = path
        self.reason = reason
    }

    public var description: String {
        switch reason {
        case .missing: "audio file \(path) does not exist"
        case .empty: "audio file \(path) holds no samples"
        case .unreadable(let detail): "audio file \(path) is unreadable: \(detail)"
        case .unsupportedFormat(let detail): "audio file \(path) has an unsupported format: \(detail)"
        case .unlabelled(let detail): "audio file \(path) has no label: \(detail)"
        }
    }
}
