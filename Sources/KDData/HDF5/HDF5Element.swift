import CHDF5
import CHDF5Shim

/// The element types kdzoo stores in HDF5 datasets.
public enum HDF5ElementType: String, CaseIterable, Sendable {
    case float32, float64, int64, int32, uint8

    /// The in-memory HDF5 type of this element type.
    var nativeTypeID: hid_t {
        switch self {
        case .float32: kd_h5t_native_float()
        case .float64: kd_h5t_native_double()
        case .int64: kd_h5t_native_int64()
        case .int32: kd_h5t_native_int32()
        case .uint8: kd_h5t_native_uint8()
        }
    }

    /// Bytes per element.
    public var byteCount: Int {
        switch self {
        case .float32, .int32: 4
        case .float64, .int64: 8
        case .uint8: 1
        }
    }

    /// The element type stored under a file datatype, or nil when it is none of ours.
    init?(typeID: hid_t) {
        let size = H5Tget_size(typeID)
        switch H5Tget_class(typeID) {
        case H5T_FLOAT:
            switch size {
            case 4: self = .float32
            case 8: self = .float64
            default: return nil
            }
        case H5T_INTEGER:
            let signed = H5Tget_sign(typeID) == H5T_SGN_2
            switch (size, signed) {
            case (8, true): self = .int64
            case (4, true): self = .int32
            case (1, false): self = .uint8
            default: return nil
            }
        default:
            return nil
        }
    }

    /// A short name for any file datatype, for error messages (`float64`, `int16`, `string`).
    static func describe(typeID: hid_t) -> String {
        if let known = HDF5ElementType(typeID: typeID) { return known.rawValue }
        let bits = H5Tget_size(typeID) * 8
        switch H5Tget_class(typeID) {
        case H5T_FLOAT: return "float\(bits)"
        case H5T_INTEGER: return (H5Tget_sign(typeID) == H5T_SGN_2 ? "int" : "uint") + "\(bits)"
        case H5T_STRING: return "string"
        case H5T_COMPOUND: return "compound"
        case H5T_ENUM: return "enum"
        case H5T_ARRAY: return "array"
        case H5T_VLEN: return "variable-length"
        default: return "an unsupported type"
        }
    }

    /// Whether the type is numeric (HDF5 converts between numeric types on read).
    static func isNumeric(typeID: hid_t) -> Bool {
        let typeClass = H5Tget_class(typeID)
        return typeClass == H5T_FLOAT || typeClass == H5T_INTEGER
    }
}

/// A Swift scalar type that maps to one ``HDF5ElementType``.
public protocol HDF5Element {
    static var hdf5Type: HDF5ElementType { get }
    /// Zero, to initialise buffers before HDF5 fills them.
    static var zero: Self { get }
}

extension Float: HDF5Element {
    public static var hdf5Type: HDF5ElementType { .float32 }
}

extension Double: HDF5Element {
    public static var hdf5Type: HDF5ElementType { .float64 }
}

extension Int64: HDF5Element {
    public static var hdf5Type: HDF5ElementType { .int64 }
}

extension Int32: HDF5Element {
    public static var hdf5Type: HDF5ElementType { .int32 }
}

extension UInt8: HDF5Element {
    public static var hdf5Type: HDF5ElementType { .uint8 }
}
