import CHDF5
import CHDF5Shim

/// A group in an ``HDF5File``: named members (groups and datasets) and attributes.
public struct HDF5Group: HDF5Object {
    /// The file the group lives in (kept open while the group is in use).
    public let file: HDF5File
    /// The path inside the file; `""` for the root group.
    public let path: String
    /// Nil for the root group, whose location is the file itself.
    let handle: HDF5Handle?

    init(file: HDF5File, path: String, handle: HDF5Handle?) {
        self.file = file
        self.path = path
        self.handle = handle
    }

    /// The names of the direct members, in creation order when the file tracks it
    /// (kdzoo's writer does), otherwise in name order.
    public func memberNames() throws -> [String] {
        HDF5Runtime.prepareThread()
        var info = H5G_info_t()
        guard H5Gget_info(locationID, &info) >= 0 else { throw error("cannot list group '\(displayPath)'") }
        if let names = try? names(count: Int(info.nlinks), order: H5_INDEX_CRT_ORDER) { return names }
        return try names(count: Int(info.nlinks), order: H5_INDEX_NAME)
    }

    private func names(count: Int, order: H5_index_t) throws -> [String] {
        try (0..<count).map { index in
            let length = H5Lget_name_by_idx(locationID, ".", order, H5_ITER_INC, hsize_t(index), nil, 0, kd_h5p_default())
            guard length >= 0, length < 65_536 else { throw error("cannot list group '\(displayPath)'") }
            var buffer = [CChar](repeating: 0, count: length + 1)
            guard H5Lget_name_by_idx(locationID, ".", order, H5_ITER_INC, hsize_t(index), &buffer, length + 1,
                                     kd_h5p_default()) >= 0 else {
                throw error("cannot list group '\(displayPath)'")
            }
            return String(cString: buffer)
        }
    }

    /// Whether a direct member called `name` exists.
    public func contains(_ name: String) -> Bool {
        HDF5Runtime.prepareThread()
        guard !name.isEmpty, !name.contains("/") else { return false }
        let exists = H5Lexists(locationID, name, kd_h5p_default()) > 0
        _ = HDF5Runtime.takeErrorMessage()
        return exists
    }

    /// The member group `name`.
    public func group(_ name: String) throws -> HDF5Group {
        let handle = try openMember(name, expecting: H5I_GROUP, noun: "group")
        return HDF5Group(file: file, path: memberPath(name), handle: handle)
    }

    /// The member dataset `name`.
    public func dataset(_ name: String) throws -> HDF5Dataset {
        let handle = try openMember(name, expecting: H5I_DATASET, noun: "dataset")
        return try HDF5Dataset(file: file, path: memberPath(name), handle: handle)
    }

    private func openMember(_ name: String, expecting type: H5I_type_t, noun: String) throws -> HDF5Handle {
        HDF5Runtime.prepareThread()
        guard contains(name) else { throw DataFileError(file: file.path, "no \(noun) '\(memberPath(name))'") }
        let handle = try HDF5Runtime.handle(H5Oopen(locationID, name, kd_h5p_default()), file.path,
                                            "cannot open '\(memberPath(name))'", closer: H5Oclose)
        guard H5Iget_type(handle.id) == type else {
            let actual = H5Iget_type(handle.id) == H5I_GROUP ? "a group" : "not a \(noun)"
            throw DataFileError(file: file.path, "'\(memberPath(name))' is \(actual), expected a \(noun)")
        }
        return handle
    }

    /// Creates the member group `name`, which lists its own members in creation order.
    @discardableResult
    public func createGroup(_ name: String) throws -> HDF5Group {
        HDF5Runtime.prepareThread()
        let properties = try HDF5Runtime.handle(H5Pcreate(kd_h5p_group_create()), file.path,
                                                "cannot create group properties", closer: H5Pclose)
        try HDF5Runtime.check(H5Pset_link_creation_order(properties.id, UInt32(H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED)),
                              file.path, "cannot set link creation order")
        try HDF5Runtime.check(H5Pset_obj_track_times(properties.id, false), file.path, "cannot turn off time tracking")
        let id = H5Gcreate2(locationID, name, kd_h5p_default(), properties.id, kd_h5p_default())
        let handle = try HDF5Runtime.handle(id, file.path, "cannot create group '\(memberPath(name))'", closer: H5Gclose)
        return HDF5Group(file: file, path: memberPath(name), handle: handle)
    }

    /// Creates the member dataset `name` of `shape` and element type, stored as `layout`
    /// says. Its elements are written afterwards (``HDF5Dataset/write(_:)``,
    /// ``HDF5Dataset/writeRows(_:from:)``).
    public func createDataset(_ name: String, shape: [Int], elementType: HDF5ElementType,
                              layout: HDF5StorageLayout = .contiguous) throws -> HDF5Dataset {
        HDF5Runtime.prepareThread()
        let space = try HDF5Runtime.dataspace(shape, file.path)
        let properties = try layout.creationProperties(shape: shape, elementType: elementType, file: file.path)
        let id = H5Dcreate2(locationID, name, elementType.nativeTypeID, space.id, kd_h5p_default(), properties.id,
                            kd_h5p_default())
        let handle = try HDF5Runtime.handle(id, file.path, "cannot create dataset '\(memberPath(name))'", closer: H5Dclose)
        return try HDF5Dataset(file: file, path: memberPath(name), handle: handle)
    }

    /// Creates the member dataset `name` holding `values` (row-major) in `shape`.
    @discardableResult
    public func writeDataset<Element: HDF5Element>(_ name: String, values: [Element], shape: [Int],
                                                   layout: HDF5StorageLayout = .contiguous) throws -> HDF5Dataset {
        precondition(values.count == shape.reduce(1, *), "\(values.count) values do not fill shape \(shape)")
        let dataset = try createDataset(name, shape: shape, elementType: Element.hdf5Type, layout: layout)
        try values.withUnsafeBufferPointer { try dataset.write($0) }
        return dataset
    }

    var displayPath: String { path.isEmpty ? "/" : path }
}
