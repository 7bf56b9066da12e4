import CHDF5
import CHDF5Shim
import Foundation

/// An open HDF5 file. Objects inside it (groups, datasets) keep the file alive; closing
/// the file closes them all.
///
/// Read with ``open(_:)``; write with ``writeAtomically(to:_:)``, which builds the file
/// under a temporary name in the same folder and renames it into place only when the
/// whole body succeeded, so an interrupted or failed write never leaves a partial file.
public final class HDF5File {
    /// The path as the caller gave it; error messages name the file by it.
    public let path: String
    private let handle: HDF5Handle

    private init(path: String, handle: HDF5Handle) {
        self.path = path
        self.handle = handle
    }

    deinit { close() }

    var id: hid_t { handle.id }

    /// The root group.
    public var root: HDF5Group { HDF5Group(file: self, path: "", handle: nil) }

    /// Closes the file and every object still open in it.
    public func close() {
        handle.close()
    }

    /// Opens an existing file read-only.
    ///
    /// Throws a ``DataFileError`` when the file is missing, unreadable, not HDF5, or damaged.
    public static func open(_ path: String) throws -> HDF5File {
        HDF5Runtime.prepareThread()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DataFileError(file: path, "no such file")
        }
        guard !isDirectory.boolValue else { throw DataFileError(file: path, "is a directory, not an HDF5 file") }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw DataFileError(file: path, "permission denied")
        }
        // H5Fis_hdf5 only looks for the signature; damage further in is caught by H5Fopen.
        guard H5Fis_hdf5(path) > 0 else {
            _ = HDF5Runtime.takeErrorMessage()
            throw DataFileError(file: path, "not an HDF5 file")
        }
        let access = try accessProperties(path)
        let id = H5Fopen(path, kd_h5f_acc_rdonly(), access.id)
        let handle = try HDF5Runtime.handle(id, path, "cannot open: the file is damaged or truncated", closer: H5Fclose)
        return HDF5File(path: path, handle: handle)
    }

    /// Creates the file at `path` atomically: `body` fills a temporary file in the same
    /// folder, which replaces `path` only if `body` returns normally and the file closes
    /// cleanly. On any error the temporary file is removed and `path` is left untouched.
    public static func writeAtomically(to path: String, _ body: (HDF5File) throws -> Void) throws {
        HDF5Runtime.prepareThread()
        let target = URL(fileURLWithPath: path)
        let folder = target.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DataFileError(file: path, "cannot write: folder \(folder.path) does not exist")
        }
        let temporary = folder.appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString).tmp").path
        defer { try? FileManager.default.removeItem(atPath: temporary) }

        let creation = try HDF5Runtime.handle(H5Pcreate(kd_h5p_file_create()), path, "cannot create file properties",
                                              closer: H5Pclose)
        // No timestamps in object headers: the same content always gives the same bytes.
        try HDF5Runtime.check(H5Pset_obj_track_times(creation.id, false), path, "cannot turn off time tracking")
        // Track creation order so groups list their members in the order they were written.
        try HDF5Runtime.check(H5Pset_link_creation_order(creation.id, UInt32(H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED)),
                              path, "cannot set link creation order")
        let access = try accessProperties(path)
        // The 1.10 on-disk format checksums its metadata, chunk indexes included, so later
        // damage is detected instead of misread.
        try HDF5Runtime.check(H5Pset_libver_bounds(access.id, H5F_LIBVER_V110, H5F_LIBVER_V110), path,
                              "cannot set the format version")
        let id = H5Fcreate(temporary, kd_h5f_acc_excl(), creation.id, access.id)
        let handle = try HDF5Runtime.handle(id, path, "cannot create the file", closer: H5Fclose)
        let file = HDF5File(path: path, handle: handle)
        try body(file)
        try HDF5Runtime.check(H5Fflush(file.id, H5F_SCOPE_GLOBAL), path, "cannot flush the file")
        let closed = H5Fclose(file.id)
        try HDF5Runtime.check(closed, path, "cannot close the file")
        guard rename(temporary, path) == 0 else {
            throw DataFileError(file: path, "cannot move the finished file into place: \(String(cString: strerror(errno)))")
        }
    }

    /// File-access properties with the strong close degree: closing the file closes
    /// everything in it.
    private static func accessProperties(_ path: String) throws -> HDF5Handle {
        let access = try HDF5Runtime.handle(H5Pcreate(kd_h5p_file_access()), path, "cannot create file access properties",
                                            closer: H5Pclose)
        try HDF5Runtime.check(H5Pset_fclose_degree(access.id, H5F_CLOSE_STRONG), path, "cannot set the close degree")
        return access
    }
}
