import CHDF5

/// A group or dataset inside an ``HDF5File``: what attributes and error messages need.
public protocol HDF5Object {
    /// The file this object lives in.
    var file: HDF5File { get }
    /// The path inside the file without a leading slash (`state_dict/fc.weight`); `""` is the root.
    var path: String { get }
}

extension HDF5Object {
    /// The identifier HDF5 calls take as the location of this object.
    var locationID: hid_t {
        switch self {
        case let group as HDF5Group: group.handle?.id ?? file.id
        case let dataset as HDF5Dataset: dataset.handle.id
        default: preconditionFailure("unknown HDF5 object type \(type(of: self))")
        }
    }

    /// The path of a member `name` of this object.
    func memberPath(_ name: String) -> String {
        path.isEmpty ? name : "\(path)/\(name)"
    }

    /// A ``DataFileError`` about this object's file.
    func error(_ message: String) -> DataFileError {
        HDF5Runtime.error(file.path, message)
    }
}
