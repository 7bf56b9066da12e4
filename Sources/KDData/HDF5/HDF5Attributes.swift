import CHDF5
import CHDF5Shim
import Foundation

/// A value that can be stored as an HDF5 attribute: strings (UTF-8), integers (int64),
/// floating-point numbers (float64), and arrays of each.
public protocol HDF5AttributeValue {
    static func read(from attribute: HDF5AttributeReader) throws -> Self
    func write(to writer: HDF5AttributeWriter) throws
}

extension HDF5Object {
    /// Whether this object has an attribute `name`.
    public func hasAttribute(_ name: String) -> Bool {
        HDF5Runtime.prepareThread()
        let exists = H5Aexists(locationID, name) > 0
        _ = HDF5Runtime.takeErrorMessage()
        return exists
    }

    /// The names of this object's attributes, in name order.
    public func attributeNames() throws -> [String] {
        HDF5Runtime.prepareThread()
        var info = H5O_info_t()
        guard H5Oget_info2(locationID, &info, UInt32(H5O_INFO_NUM_ATTRS)) >= 0 else {
            throw error("cannot list the attributes of '\(path.isEmpty ? "/" : path)'")
        }
        return try (0..<info.num_attrs).map { index in
            let length = H5Aget_name_by_idx(locationID, ".", H5_INDEX_NAME, H5_ITER_INC, index, nil, 0, kd_h5p_default())
            guard length >= 0, length < 65_536 else { throw error("cannot list the attributes of '\(path)'") }
            var buffer = [CChar](repeating: 0, count: length + 1)
            guard H5Aget_name_by_idx(locationID, ".", H5_INDEX_NAME, H5_ITER_INC, index, &buffer, length + 1,
                                     kd_h5p_default()) >= 0 else {
                throw error("cannot list the attributes of '\(path)'")
            }
            return String(cString: buffer)
        }
    }

    /// The attribute `name` as `type`; throws when it is missing or holds another kind of value.
    public func attribute<Value: HDF5AttributeValue>(_ name: String, as type: Value.Type = Value.self) throws -> Value {
        guard hasAttribute(name) else { throw DataFileError(file: file.path, "no attribute \(attributeDescription(name))") }
        return try Value.read(from: HDF5AttributeReader(object: self, name: name))
    }

    /// Sets the attribute `name`, replacing any existing one.
    public func setAttribute<Value: HDF5AttributeValue>(_ name: String, _ value: Value) throws {
        HDF5Runtime.prepareThread()
        if hasAttribute(name) {
            try HDF5Runtime.check(H5Adelete(locationID, name), file.path, "cannot replace attribute \(attributeDescription(name))")
        }
        try value.write(to: HDF5AttributeWriter(object: self, name: name))
    }

    /// `'kind'` for the root, `'units' of 'train/x'` elsewhere.
    func attributeDescription(_ name: String) -> String {
        path.isEmpty ? "'\(name)'" : "'\(name)' of '\(path)'"
    }
}

/// An open attribute being read; ``HDF5AttributeValue`` conformances use it.
public struct HDF5AttributeReader {
    let object: HDF5Object
    let name: String
    private let handle: HDF5Handle
    private let type: HDF5Handle
    /// The number of elements (1 for a scalar attribute).
    public let count: Int

    init(object: HDF5Object, name: String) throws {
        HDF5Runtime.prepareThread()
        self.object = object
        self.name = name
        let file = object.file.path
        let label = "attribute \(object.attributeDescription(name))"
        handle = try HDF5Runtime.handle(H5Aopen(object.locationID, name, kd_h5p_default()), file, "cannot open \(label)",
                                        closer: H5Aclose)
        type = try HDF5Runtime.handle(H5Aget_type(handle.id), file, "cannot read the type of \(label)", closer: H5Tclose)
        let space = try HDF5Runtime.handle(H5Aget_space(handle.id), file, "cannot read the shape of \(label)", closer: H5Sclose)
        let shape = try HDF5Runtime.shape(ofSpace: space.id, file, label)
        count = shape.reduce(1, *)
        guard count <= 1 << 20 else { throw DataFileError(file: file, "\(label) claims \(count) elements") }
    }

    private var label: String { "attribute \(object.attributeDescription(name))" }

    /// A ``DataFileError`` saying the attribute is not what the caller expected.
    public func mismatch(expected: String) -> DataFileError {
        let stored = HDF5ElementType.describe(typeID: type.id)
        let shape = count == 1 ? "" : " array of \(count)"
        return DataFileError(file: object.file.path, "\(label) is \(stored)\(shape), expected \(expected)")
    }

    /// The elements as strings (fixed- or variable-length).
    public func strings() throws -> [String] {
        guard H5Tget_class(type.id) == H5T_STRING else { throw mismatch(expected: "a string") }
        if H5Tis_variable_str(type.id) > 0 { return try variableLengthStrings() }
        let size = H5Tget_size(type.id)
        guard size > 0, size <= 1 << 16 else { throw mismatch(expected: "a string") }
        let spacePadded = H5Tget_strpad(type.id) == H5T_STR_SPACEPAD
        var bytes = [UInt8](repeating: 0, count: max(1, count * size))
        try HDF5Runtime.check(H5Aread(handle.id, type.id, &bytes), object.file.path, "cannot read \(label)")
        return (0..<count).map { i in
            let field = bytes[(i * size)..<((i + 1) * size)]
            let end = field.firstIndex(of: 0) ?? field.endIndex
            let text = String(decoding: field[field.startIndex..<end], as: UTF8.self)
            return spacePadded ? String(text.reversed().drop { $0 == " " }.reversed()) : text
        }
    }

    /// Variable-length strings, as h5py writes by default. (kdzoo writes fixed-length ones;
    /// see ``HDF5AttributeWriter/write(strings:scalar:)``.)
    private func variableLengthStrings() throws -> [String] {
        let memoryType = try HDF5Runtime.handle(H5Tcopy(kd_h5t_c_s1()), object.file.path, "cannot make a string type",
                                                closer: H5Tclose)
        H5Tset_size(memoryType.id, kd_h5t_variable())
        H5Tset_cset(memoryType.id, H5Tget_cset(type.id))
        var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
        try HDF5Runtime.check(H5Aread(handle.id, memoryType.id, &pointers), object.file.path, "cannot read \(label)")
        let strings = pointers.map { $0.map { String(cString: $0) } ?? "" }
        let space = try HDF5Runtime.handle(H5Aget_space(handle.id), object.file.path, "cannot read \(label)", closer: H5Sclose)
        H5Dvlen_reclaim(memoryType.id, space.id, kd_h5p_default(), &pointers)
        return strings
    }

    /// The elements converted to `Element`; integers require an integer attribute.
    public func numbers<Element: HDF5Element>(as elementType: Element.Type) throws -> [Element] {
        let typeClass = H5Tget_class(type.id)
        let isFloatTarget = Element.hdf5Type == .float32 || Element.hdf5Type == .float64
        guard typeClass == H5T_INTEGER || (typeClass == H5T_FLOAT && isFloatTarget) else {
            throw mismatch(expected: isFloatTarget ? "a number" : "an integer")
        }
        var values = [Element](repeating: .zero, count: count)
        let status = values.withUnsafeMutableBufferPointer { H5Aread(handle.id, Element.hdf5Type.nativeTypeID, $0.baseAddress) }
        try HDF5Runtime.check(status, object.file.path, "cannot read \(label)")
        return values
    }

    /// The only element, throwing when the attribute holds several.
    public func single<Value>(_ values: [Value], expected: String) throws -> Value {
        guard values.count == 1 else { throw mismatch(expected: expected) }
        return values[0]
    }
}

/// An attribute being written; ``HDF5AttributeValue`` conformances use it.
public struct HDF5AttributeWriter {
    let object: HDF5Object
    let name: String

    private var label: String { "attribute \(object.attributeDescription(name))" }

    /// Writes UTF-8 strings, as a scalar when `scalar` (one string) or a 1-D array.
    ///
    /// Strings are fixed-length (NUL-padded to the longest): they live inside the
    /// attribute's checksummed object header, whereas variable-length strings go to HDF5's
    /// global heap, which has no checksum and which HDF5 trusts blindly when reading.
    public func write(strings: [String], scalar: Bool) throws {
        let file = object.file.path
        let width = max(1, strings.map(\.utf8.count).max() ?? 1)
        let type = try HDF5Runtime.handle(H5Tcopy(kd_h5t_c_s1()), file, "cannot make a string type", closer: H5Tclose)
        try HDF5Runtime.check(H5Tset_size(type.id, width), file, "cannot size a string type")
        H5Tset_strpad(type.id, H5T_STR_NULLPAD)
        H5Tset_cset(type.id, H5T_CSET_UTF8)
        var bytes = [UInt8](repeating: 0, count: max(1, strings.count * width))
        for (i, string) in strings.enumerated() {
            bytes.replaceSubrange((i * width)..<(i * width + string.utf8.count), with: string.utf8)
        }
        try bytes.withUnsafeMutableBytes { buffer in
            try write(type: type.id, shape: scalar ? [] : [strings.count], values: buffer.baseAddress!)
        }
    }

    /// Writes numbers in their own HDF5 type, as a scalar when `scalar` or a 1-D array.
    public func write<Element: HDF5Element>(numbers: [Element], scalar: Bool) throws {
        var values = numbers
        try values.withUnsafeMutableBytes { bytes in
            try write(type: Element.hdf5Type.nativeTypeID, shape: scalar ? [] : [numbers.count], values: bytes.baseAddress!)
        }
    }

    private func write(type: hid_t, shape: [Int], values: UnsafeMutableRawPointer) throws {
        HDF5Runtime.prepareThread()
        let file = object.file.path
        let space = try HDF5Runtime.dataspace(shape, file)
        let attribute = try HDF5Runtime.handle(H5Acreate2(object.locationID, name, type, space.id, kd_h5p_default(),
                                                          kd_h5p_default()), file, "cannot create \(label)", closer: H5Aclose)
        try HDF5Runtime.check(H5Awrite(attribute.id, type, values), file, "cannot write \(label)")
    }
}

extension String: HDF5AttributeValue {
    public static func read(from attribute: HDF5AttributeReader) throws -> String {
        try attribute.single(attribute.strings(), expected: "a string")
    }

    public func write(to writer: HDF5AttributeWriter) throws { try writer.write(strings: [self], scalar: true) }
}

extension Int: HDF5AttributeValue {
    public static func read(from attribute: HDF5AttributeReader) throws -> Int {
        Int(try attribute.single(attribute.numbers(as: Int64.self), expected: "an integer"))
    }

    public func write(to writer: HDF5AttributeWriter) throws { try writer.write(numbers: [Int64(self)], scalar: true) }
}

extension Double: HDF5AttributeValue {
    public static func read(from attribute: HDF5AttributeReader) throws -> Double {
        try attribute.single(attribute.numbers(as: Double.self), expected: "a number")
    }

    public func write(to writer: HDF5AttributeWriter) throws { try writer.write(numbers: [self], scalar: true) }
}

extension Array: HDF5AttributeValue where Element: HDF5AttributeArrayElement {
    public static func read(from attribute: HDF5AttributeReader) throws -> [Element] {
        try Element.readArray(from: attribute)
    }

    public func write(to writer: HDF5AttributeWriter) throws { try Element.writeArray(self, to: writer) }
}

/// An element type of array attributes: `[String]`, `[Int]`, `[Double]`.
public protocol HDF5AttributeArrayElement {
    static func readArray(from attribute: HDF5AttributeReader) throws -> [Self]
    static func writeArray(_ values: [Self], to writer: HDF5AttributeWriter) throws
}

extension String: HDF5AttributeArrayElement {
    public static func readArray(from attribute: HDF5AttributeReader) throws -> [String] { try attribute.strings() }
    public static func writeArray(_ values: [String], to writer: HDF5AttributeWriter) throws {
        try writer.write(strings: values, scalar: false)
    }
}

extension Int: HDF5AttributeArrayElement {
    public static func readArray(from attribute: HDF5AttributeReader) throws -> [Int] {
        try attribute.numbers(as: Int64.self).map { Int($0) }
    }
    public static func writeArray(_ values: [Int], to writer: HDF5AttributeWriter) throws {
        try writer.write(numbers: values.map { Int64($0) }, scalar: false)
    }
}

extension Double: HDF5AttributeArrayElement {
    public static func readArray(from attribute: HDF5AttributeReader) throws -> [Double] {
        try attribute.numbers(as: Double.self)
    }
    public static func writeArray(_ values: [Double], to writer: HDF5AttributeWriter) throws {
        try writer.write(numbers: values, scalar: false)
    }
}
