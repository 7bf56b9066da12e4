import CHDF5
import CHDF5Shim

/// How a dataset's elements are stored on disk.
public enum HDF5StorageLayout: Equatable, Sendable {
    /// One contiguous block; no compression.
    case contiguous
    /// Inside the dataset's object header, which the 1.10 format checksums: for small data
    /// (under 64 KB), such as scalars, which cannot be chunked.
    case compact
    /// Chunks of `rows` leading-axis rows (each chunk holds whole rows), optionally
    /// gzip-compressed at `gzipLevel` (1...9) and checksummed. Chunking is what makes
    /// partial reads of a compressed dataset cheap.
    case chunked(rows: Int, gzipLevel: Int? = nil, checksum: Bool = false)

    /// Chunks of about `targetBytes` each, compressed at `gzipLevel`: the layout for datasets
    /// that are read a batch of rows at a time.
    public static func compressedRows(shape: [Int], elementType: HDF5ElementType, gzipLevel: Int = 6,
                                      targetBytes: Int = 64 * 1024) -> HDF5StorageLayout {
        let rowBytes = max(1, shape.dropFirst().reduce(1, *) * elementType.byteCount)
        return .chunked(rows: max(1, targetBytes / rowBytes), gzipLevel: gzipLevel)
    }

    func creationProperties(shape: [Int], elementType: HDF5ElementType, file: String) throws -> HDF5Handle {
        let properties = try HDF5Runtime.handle(H5Pcreate(kd_h5p_dataset_create()), file,
                                                "cannot create dataset properties", closer: H5Pclose)
        // No timestamps: the same content always gives the same bytes.
        try HDF5Runtime.check(H5Pset_obj_track_times(properties.id, false), file, "cannot turn off time tracking")
        if self == .compact {
            try HDF5Runtime.check(H5Pset_layout(properties.id, H5D_COMPACT), file, "cannot set the compact layout")
            return properties
        }
        // Chunks need a rank of at least 1 and no empty axis; such datasets stay contiguous.
        guard case .chunked(let rows, let gzipLevel, let checksum) = self,
              !shape.isEmpty, !shape.contains(0) else { return properties }
        precondition(rows > 0, "chunk rows must be positive, got \(rows)")
        var chunk = shape.map { hsize_t($0) }
        chunk[0] = hsize_t(min(rows, shape[0]))
        try HDF5Runtime.check(H5Pset_chunk(properties.id, Int32(chunk.count), chunk), file, "cannot set chunk shape \(chunk)")
        if let gzipLevel {
            precondition((1...9).contains(gzipLevel), "gzip level must be 1...9, got \(gzipLevel)")
            guard H5Zfilter_avail(H5Z_FILTER_DEFLATE) > 0 else {
                throw DataFileError(file: file, "this HDF5 library was built without gzip compression")
            }
            // Byte-shuffling groups the high bytes of multi-byte numbers, which compress well.
            if elementType.byteCount > 1 {
                try HDF5Runtime.check(H5Pset_shuffle(properties.id), file, "cannot enable the shuffle filter")
            }
            try HDF5Runtime.check(H5Pset_deflate(properties.id, UInt32(gzipLevel)), file, "cannot enable gzip")
        }
        if checksum {
            try HDF5Runtime.check(H5Pset_fletcher32(properties.id), file, "cannot enable checksums")
        }
        return properties
    }
}
