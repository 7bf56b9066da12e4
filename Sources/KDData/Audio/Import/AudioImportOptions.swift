import Foundation

/// What the labels of an audio import become.
public enum AudioImportTargets: String, CaseIterable, Sendable {
    /// One class per distinct label (`y` is a class index).
    case classes
    /// The label is a transcript; its space-separated words become a token sequence (`y` is
    /// padded token ids with their lengths), for speech-to-sequence models.
    case tokens
}

/// How imported examples are divided into `train` and `test`.
public enum AudioImportSplit: Equatable, Sendable {
    /// A seeded random fraction of each class (of all examples, for token targets) is `test`.
    case stratified(testFraction: Double, seed: UInt64)
    /// A text file of relative paths, one per line, that are `test` (as Speech Commands'
    /// `testing_list.txt`); paths that are not imported are ignored.
    case testList(URL)
    /// The manifest's `split` column.
    case manifest

    /// Parses the CLI form: a fraction such as `0.2`, `list=FILE`, or `manifest`.
    /// - Throws: ``AudioImportError`` naming the argument.
    public init(argument: String, seed: UInt64) throws {
        if argument == "manifest" {
            self = .manifest
        } else if argument.hasPrefix("list=") {
            self = .testList(URL(fileURLWithPath: String(argument.dropFirst("list=".count))))
        } else if let fraction = Double(argument), (0..<1).contains(fraction) {
            self = .stratified(testFraction: fraction, seed: seed)
        } else {
            throw AudioImportError("--split: '\(argument)' is not a test fraction in [0, 1), list=FILE or manifest")
        }
    }
}

/// Everything an audio folder import needs besides the folder.
public struct AudioImportOptions: Sendable {
    public var features = FeatureConfiguration()
    public var labels: AudioLabelSource = .folder
    public var targets: AudioImportTargets = .classes
    public var split: AudioImportSplit = .stratified(testFraction: 0.2, seed: 0)
    /// Skip (and count) files that cannot be read or labelled instead of failing on the first.
    public var skipBadFiles = false
    public var resampling: ResamplingQuality = .best

    public init() {}
}
