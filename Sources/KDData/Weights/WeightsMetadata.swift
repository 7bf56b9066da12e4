import Foundation

/// What a weights file records about its model besides the tensors: enough to rebuild
/// the model (architecture, variant, config, input, classes) and to describe it.
public struct WeightsMetadata: Equatable, Sendable {
    /// The registered architecture name, e.g. `wrn`.
    public var architecture: String
    /// The named variant, e.g. `wrn-16-2`; empty when the architecture has none.
    public var variant: String
    /// Architecture options as a JSON object.
    public var config: String
    /// The input the model expects as a JSON object, e.g. `{"kind":"image","shape":[1,28,28]}`.
    public var input: String
    /// The class names, in logit order.
    public var classes: [String]
    /// The kdzoo version that wrote the file.
    public var kdzooVersion: String
    /// Free-form results (accuracy, epochs, ...) as a JSON object.
    public var metrics: String

    /// Metadata with empty defaults for everything but the architecture and the writing version.
    public init(architecture: String, variant: String = "", config: String = "{}", input: String = "{}",
                classes: [String] = [], kdzooVersion: String, metrics: String = "{}") {
        self.architecture = architecture
        self.variant = variant
        self.config = config
        self.input = input
        self.classes = classes
        self.kdzooVersion = kdzooVersion
        self.metrics = metrics
    }

    /// Root attribute names, as in the file.
    enum Key {
        static let architecture = "architecture"
        static let variant = "variant"
        static let config = "config"
        static let input = "input"
        static let classes = "classes"
        static let kdzooVersion = "kdzoo_version"
        static let metrics = "metrics"
    }

    /// Reads the metadata from the root attributes of `root`. `architecture` is required;
    /// the rest default to empty values when absent (files from other tools may omit them).
    init(readingFrom root: HDF5Group) throws {
        func optional(_ name: String, default value: String) throws -> String {
            root.hasAttribute(name) ? try root.attribute(name, as: String.self) : value
        }
        architecture = try root.attribute(Key.architecture, as: String.self)
        variant = try optional(Key.variant, default: "")
        config = try optional(Key.config, default: "{}")
        input = try optional(Key.input, default: "{}")
        kdzooVersion = try optional(Key.kdzooVersion, default: "")
        metrics = try optional(Key.metrics, default: "{}")
        classes = root.hasAttribute(Key.classes) ? try root.attribute(Key.classes, as: [String].self) : []
        for (name, text) in [(Key.config, config), (Key.input, input), (Key.metrics, metrics)] {
            guard (try? JSONSerialization.jsonObject(with: Data(text.utf8))) is [String: Any] else {
                throw DataFileError(file: root.file.path, "attribute '\(name)' is not a JSON object: \(text.prefix(60))")
            }
        }
    }

    /// Writes the metadata as root attributes of `root`.
    func write(to root: HDF5Group) throws {
        try root.setAttribute(Key.architecture, architecture)
        try root.setAttribute(Key.variant, variant)
        try root.setAttribute(Key.config, config)
        try root.setAttribute(Key.input, input)
        try root.setAttribute(Key.classes, classes)
        try root.setAttribute(Key.kdzooVersion, kdzooVersion)
        try root.setAttribute(Key.metrics, metrics)
    }
}
