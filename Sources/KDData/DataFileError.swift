/// A problem with a file kdzoo reads or writes: a missing or malformed HDF5 file, a
/// dataset of the wrong type or shape, a damaged importer input.
///
/// `description` is one line naming the file and, where there is one, the place inside
/// it, e.g. `weights.h5: dataset 'state_dict/fc.weight' is float64, expected float32`.
/// The CLI prints it after `Error: `.
public struct DataFileError: Error, CustomStringConvertible, Equatable {
    /// The file as the caller named it.
    public let file: String
    /// What is wrong, naming the dataset, attribute or record at fault.
    public let message: String

    public init(file: String, _ message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "\(file): \(message)" }
}
