import CHDF5
import CHDF5Shim

/// One open HDF5 identifier (file, group, dataset, attribute, dataspace, datatype or
/// property list), closed exactly once: explicitly, when released, or — for objects
/// inside a file — when the file closes (files are opened with the strong close degree).
final class HDF5Handle {
    let id: hid_t
    private let closer: (hid_t) -> herr_t

    init(_ id: hid_t, closer: @escaping (hid_t) -> herr_t) {
        self.id = id
        self.closer = closer
    }

    func close() {
        // An object of a closed file is already gone; its id is no longer valid.
        if H5Iis_valid(id) > 0 { _ = closer(id) }
    }

    deinit { close() }
}

/// Error handling shared by every HDF5 call site.
enum HDF5Runtime {
    /// Silences HDF5's stderr error printing on the calling thread (the setting is per
    /// thread in thread-safe builds, so every entry point calls this).
    static func prepareThread() {
        kd_h5_silence_errors()
    }

    /// The innermost message on HDF5's error stack (closest to the cause), clearing it.
    static func takeErrorMessage() -> String {
        var buffer = [CChar](repeating: 0, count: 512)
        kd_h5_take_error_message(&buffer, buffer.count)
        return String(cString: buffer)
    }

    /// A ``DataFileError`` for `file` whose message ends with HDF5's own reason, if any.
    static func error(_ file: String, _ message: String) -> DataFileError {
        let reason = takeErrorMessage()
        return DataFileError(file: file, reason.isEmpty ? message : "\(message) (\(reason))")
    }

    /// Wraps a returned identifier, throwing when HDF5 signalled failure with a negative id.
    static func handle(_ id: hid_t, _ file: String, _ message: @autoclosure () -> String,
                       closer: @escaping (hid_t) -> herr_t) throws -> HDF5Handle {
        guard id >= 0 else { throw error(file, message()) }
        return HDF5Handle(id, closer: closer)
    }

    /// Throws when a status return is negative.
    static func check(_ status: herr_t, _ file: String, _ message: @autoclosure () -> String) throws {
        guard status >= 0 else { throw error(file, message()) }
    }

    /// A new dataspace of `shape` (`[]` is a scalar).
    static func dataspace(_ shape: [Int], _ file: String) throws -> HDF5Handle {
        let id: hid_t
        if shape.isEmpty {
            id = H5Screate(H5S_SCALAR)
        } else {
            let dims = shape.map { hsize_t($0) }
            id = H5Screate_simple(Int32(dims.count), dims, nil)
        }
        return try handle(id, file, "cannot create a dataspace of shape \(shape)", closer: H5Sclose)
    }

    /// The dimensions of a dataspace, rejecting ones whose element count overflows.
    static func shape(ofSpace space: hid_t, _ file: String, _ what: @autoclosure () -> String) throws -> [Int] {
        let rank = H5Sget_simple_extent_ndims(space)
        guard rank >= 0, rank <= 32 else { throw error(file, "\(what()) has an unreadable shape") }
        var dims = [hsize_t](repeating: 0, count: Int(rank))
        guard H5Sget_simple_extent_dims(space, &dims, nil) >= 0 else {
            throw error(file, "\(what()) has an unreadable shape")
        }
        var count = 1
        for dim in dims {
            let (product, overflow) = count.multipliedReportingOverflow(by: Int(clamping: dim))
            guard !overflow, dim <= hsize_t(Int.max) else {
                throw DataFileError(file: file, "\(what()) claims an impossible shape \(dims)")
            }
            count = product
        }
        return dims.map { Int($0) }
    }
}
