import CHDF5
import CHDF5Shim
import Foundation

/// A dataset in an ``HDF5File``: an n-dimensional array of one element type.
///
/// Whole reads (``read(as:)``) insist on the stored element type; row reads
/// (``readRows(_:into:)``) convert any numeric type, which is what batch loading wants
/// (e.g. `uint8` pixels straight into a `Float` batch).
public struct HDF5Dataset: HDF5Object {
    /// The file the dataset lives in (kept open while the dataset is in use).
    public let file: HDF5File
    /// The path inside the file, e.g. `state_dict/fc.weight`.
    public let path: String
    let handle: HDF5Handle
    /// The size of each axis; `[]` for a scalar.
    public let shape: [Int]
    /// The stored element type, or nil when it is none of ``HDF5ElementType``.
    public let elementType: HDF5ElementType?
    /// The stored element type's name, also for unsupported ones (`float16`, `string`).
    public let elementTypeName: String
    private let isNumeric: Bool

    init(file: HDF5File, path: String, handle: HDF5Handle) throws {
        self.file = file
        self.path = path
        self.handle = handle
        let space = try HDF5Runtime.handle(H5Dget_space(handle.id), file.path, "cannot read the shape of dataset '\(path)'",
                                           closer: H5Sclose)
        shape = try HDF5Runtime.shape(ofSpace: space.id, file.path, "dataset '\(path)'")
        let type = try HDF5Runtime.handle(H5Dget_type(handle.id), file.path, "cannot read the type of dataset '\(path)'",
                                          closer: H5Tclose)
        elementType = HDF5ElementType(typeID: type.id)
        elementTypeName = HDF5ElementType.describe(typeID: type.id)
        isNumeric = HDF5ElementType.isNumeric(typeID: type.id)
    }

    /// The number of elements.
    public var count: Int { shape.reduce(1, *) }

    /// Throws unless the stored element type is `expected`.
    public func expect(elementType expected: HDF5ElementType) throws {
        guard elementType == expected else {
            throw DataFileError(file: file.path, "dataset '\(path)' is \(elementTypeName), expected \(expected.rawValue)")
        }
    }

    /// Throws unless the dataset has `rank` axes.
    public func expect(rank: Int) throws {
        guard shape.count == rank else {
            throw DataFileError(file: file.path, "dataset '\(path)' has rank \(shape.count) (shape \(shape)), expected rank \(rank)")
        }
    }

    /// Throws unless the dataset has exactly `expected` shape.
    public func expect(shape expected: [Int]) throws {
        guard shape == expected else {
            throw DataFileError(file: file.path, "dataset '\(path)' has shape \(shape), expected \(expected)")
        }
    }

    /// Every element, in row-major order; the stored type must be `Element`'s.
    public func read<Element: HDF5Element>(as type: Element.Type) throws -> [Element] {
        try expect(elementType: Element.hdf5Type)
        try checkFitsInMemory(count * Element.hdf5Type.byteCount)
        var values = [Element](repeating: .zero, count: count)
        try values.withUnsafeMutableBufferPointer { try read(into: $0) }
        return values
    }

    /// Reads every element into `buffer` (exactly ``count`` long); the stored type must be `Element`'s.
    public func read<Element: HDF5Element>(into buffer: UnsafeMutableBufferPointer<Element>) throws {
        HDF5Runtime.prepareThread()
        try expect(elementType: Element.hdf5Type)
        precondition(buffer.count == count, "buffer of \(buffer.count) for dataset '\(path)' of \(count) elements")
        guard count > 0 else { return }
        try checkStorageIsComplete()
        let status = H5Dread(handle.id, Element.hdf5Type.nativeTypeID, kd_h5s_all(), kd_h5s_all(), kd_h5p_default(),
                             buffer.baseAddress)
        try HDF5Runtime.check(status, file.path, "cannot read dataset '\(path)': the file is damaged")
    }

    /// Reads the leading-axis rows `rows` into `destination`, converting from any numeric
    /// stored type. `destination` holds `rows.count` times the row size elements.
    public func readRows<Element: HDF5Element>(_ rows: Range<Int>, into destination: UnsafeMutablePointer<Element>) throws {
        try readSelection(rowCount: rows.count, into: destination) { space in
            try selectRows([(rows.lowerBound, rows.count)], in: space)
        }
    }

    /// Reads the leading-axis rows at `indices` (any order, repeats allowed) into
    /// `destination` in that order, converting from any numeric stored type: one HDF5 read
    /// of the distinct rows in file order for a whole scattered batch.
    public func readRows<Element: HDF5Element>(at indices: [Int], into destination: UnsafeMutablePointer<Element>) throws {
        let distinct = Array(Set(indices)).sorted()
        guard distinct != indices else {
            try readSelection(rowCount: indices.count, into: destination) { try selectRows(Self.runs(of: indices), in: $0) }
            return
        }
        let rowSize = shape.dropFirst().reduce(1, *)
        var sorted = [Element](repeating: .zero, count: distinct.count * rowSize)
        try sorted.withUnsafeMutableBufferPointer { buffer in
            try readSelection(rowCount: distinct.count, into: buffer.baseAddress!) { try selectRows(Self.runs(of: distinct), in: $0) }
            let position = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($0.element, $0.offset) })
            for (i, index) in indices.enumerated() {
                (destination + i * rowSize).update(from: buffer.baseAddress! + position[index]! * rowSize, count: rowSize)
            }
        }
    }

    /// Consecutive indices merged into (start, length) runs, so a sorted batch becomes few blocks.
    private static func runs(of indices: [Int]) -> [(start: Int, length: Int)] {
        var runs: [(start: Int, length: Int)] = []
        for index in indices {
            if let last = runs.last, last.start + last.length == index {
                runs[runs.count - 1].length += 1
            } else {
                runs.append((index, 1))
            }
        }
        return runs
    }

    private func readSelection<Element: HDF5Element>(rowCount: Int, into destination: UnsafeMutablePointer<Element>,
                                                     select: (hid_t) throws -> Void) throws {
        HDF5Runtime.prepareThread()
        guard isNumeric else {
            throw DataFileError(file: file.path, "dataset '\(path)' is \(elementTypeName), expected a numeric type")
        }
        guard !shape.isEmpty else { throw DataFileError(file: file.path, "dataset '\(path)' is a scalar, it has no rows") }
        guard rowCount > 0 else { return }
        let fileSpace = try HDF5Runtime.handle(H5Dget_space(handle.id), file.path, "cannot read dataset '\(path)'",
                                               closer: H5Sclose)
        try select(fileSpace.id)
        var memoryShape = shape
        memoryShape[0] = rowCount
        let memorySpace = try HDF5Runtime.dataspace(memoryShape, file.path)
        let status = H5Dread(handle.id, Element.hdf5Type.nativeTypeID, memorySpace.id, fileSpace.id, kd_h5p_default(),
                             destination)
        try HDF5Runtime.check(status, file.path, "cannot read rows of dataset '\(path)': the file is damaged")
    }

    private func selectRows(_ runs: [(start: Int, length: Int)], in space: hid_t) throws {
        for (start, length) in runs {
            precondition(start >= 0 && start + length <= shape[0],
                         "rows \(start)..<\(start + length) out of range for dataset '\(path)' of \(shape[0]) rows")
        }
        var offset = [hsize_t](repeating: 0, count: shape.count)
        var extent = shape.map { hsize_t($0) }
        for (i, run) in runs.enumerated() {
            offset[0] = hsize_t(run.start)
            extent[0] = hsize_t(run.length)
            let status = H5Sselect_hyperslab(space, i == 0 ? H5S_SELECT_SET : H5S_SELECT_OR, offset, nil, extent, nil)
            try HDF5Runtime.check(status, file.path, "cannot select rows of dataset '\(path)'")
        }
    }

    /// Writes every element from `values` (exactly ``count`` long), converted to the stored type.
    public func write<Element: HDF5Element>(_ values: UnsafeBufferPointer<Element>) throws {
        HDF5Runtime.prepareThread()
        precondition(values.count == count, "\(values.count) values for dataset '\(path)' of \(count) elements")
        guard count > 0 else { return }
        let status = H5Dwrite(handle.id, Element.hdf5Type.nativeTypeID, kd_h5s_all(), kd_h5s_all(), kd_h5p_default(),
                              values.baseAddress)
        try HDF5Runtime.check(status, file.path, "cannot write dataset '\(path)'")
    }

    /// Writes the leading-axis rows `rows` from `values` (`rows.count` times the row size),
    /// so a large dataset can be filled a piece at a time.
    public func writeRows<Element: HDF5Element>(_ rows: Range<Int>, from values: UnsafeBufferPointer<Element>) throws {
        HDF5Runtime.prepareThread()
        precondition(!shape.isEmpty, "dataset '\(path)' is a scalar, it has no rows")
        precondition(values.count == rows.count * shape.dropFirst().reduce(1, *),
                     "\(values.count) values do not fill rows \(rows) of dataset '\(path)'")
        guard !rows.isEmpty else { return }
        let fileSpace = try HDF5Runtime.handle(H5Dget_space(handle.id), file.path, "cannot write dataset '\(path)'",
                                               closer: H5Sclose)
        try selectRows([(rows.lowerBound, rows.count)], in: fileSpace.id)
        var memoryShape = shape
        memoryShape[0] = rows.count
        let memorySpace = try HDF5Runtime.dataspace(memoryShape, file.path)
        let status = H5Dwrite(handle.id, Element.hdf5Type.nativeTypeID, memorySpace.id, fileSpace.id, kd_h5p_default(),
                              values.baseAddress)
        try HDF5Runtime.check(status, file.path, "cannot write rows of dataset '\(path)'")
    }

    /// Throws unless every element has stored data. HDF5 reads never-written parts as
    /// zeros, so a damaged chunk index (or a dataset that was created but never written)
    /// would otherwise load silently as zeros.
    public func checkStorageIsComplete() throws {
        HDF5Runtime.prepareThread()
        guard count > 0 else { return }
        let incomplete = DataFileError(file: file.path, "dataset '\(path)' is missing stored data: the file is damaged")
        let properties = try HDF5Runtime.handle(H5Dget_create_plist(handle.id), file.path,
                                                "cannot read the layout of dataset '\(path)'", closer: H5Pclose)
        switch H5Pget_layout(properties.id) {
        case H5D_CHUNKED:
            var chunk = [hsize_t](repeating: 0, count: shape.count)
            guard H5Pget_chunk(properties.id, Int32(shape.count), &chunk) == Int32(shape.count),
                  chunk.allSatisfy({ $0 > 0 }) else { throw incomplete }
            let expected = zip(shape, chunk).reduce(1) { $0 * ((hsize_t($1.0) + $1.1 - 1) / $1.1) }
            let space = try HDF5Runtime.handle(H5Dget_space(handle.id), file.path, "cannot read dataset '\(path)'",
                                               closer: H5Sclose)
            var stored: hsize_t = 0
            guard H5Dget_num_chunks(handle.id, space.id, &stored) >= 0, stored == expected else { throw incomplete }
            // Each chunk must sit on the chunk grid inside the extent and have passed
            // through every filter (a skipped filter could be the checksum).
            var offset = [hsize_t](repeating: 0, count: shape.count)
            for index in 0..<stored {
                var filterMask: UInt32 = 0
                var address: haddr_t = 0
                var size: hsize_t = 0
                guard H5Dget_chunk_info(handle.id, space.id, index, &offset, &filterMask, &address, &size) >= 0,
                      filterMask == 0,
                      zip(offset, zip(shape, chunk)).allSatisfy({ $0 % $1.1 == 0 && $0 < hsize_t($1.0) })
                else { throw incomplete }
            }
        case H5D_CONTIGUOUS, H5D_COMPACT:
            var status = H5D_SPACE_STATUS_ERROR
            guard H5Dget_space_status(handle.id, &status) >= 0, status == H5D_SPACE_STATUS_ALLOCATED else { throw incomplete }
        default:
            throw incomplete
        }
    }

    /// Refuses whole reads that could not fit in memory: a damaged file can claim any shape.
    func checkFitsInMemory(_ byteCount: Int) throws {
        guard UInt64(byteCount) <= ProcessInfo.processInfo.physicalMemory / 2 else {
            throw DataFileError(file: file.path, "dataset '\(path)' claims \(byteCount) bytes, more than memory allows")
        }
    }
}
