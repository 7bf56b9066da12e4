/// An array in the IDX format of MNIST and Fashion-MNIST: magic `00 00 08 rank`, `rank`
/// big-endian 32-bit sizes, then the elements as unsigned bytes.
public struct IDXArray: Equatable {
    /// The size of each axis, e.g. `[60000, 28, 28]` for images or `[60000]` for labels.
    public let shape: [Int]
    /// The elements in row-major order.
    public let bytes: [UInt8]

    /// Parses an IDX file's (decompressed) contents.
    ///
    /// - Throws: ``DataFileError`` naming `file` for a bad magic number, an element type other
    ///   than unsigned bytes, or a size that disagrees with the data (truncated or padded).
    public init(parsing data: [UInt8], file: String) throws {
        guard data.count >= 4 else { throw DataFileError(file: file, "is \(data.count) bytes long, too short for an IDX header") }
        guard data[0] == 0, data[1] == 0 else {
            let magic = data.prefix(4).map { String(format: "%02x", $0) }.joined(separator: " ")
            throw DataFileError(file: file, "bad magic number \(magic): not an IDX file (expected 00 00 08 <rank>)")
        }
        guard data[2] == 0x08 else {
            throw DataFileError(file: file, "element type 0x\(String(format: "%02x", data[2])) is not supported, expected 0x08 (unsigned bytes)")
        }
        let rank = Int(data[3])
        let headerSize = 4 + 4 * rank
        guard rank >= 1, data.count >= headerSize else {
            throw DataFileError(file: file, "IDX header of rank \(rank) is truncated (\(data.count) bytes)")
        }
        shape = (0..<rank).map { axis in
            data[(4 + 4 * axis)..<(8 + 4 * axis)].reduce(0) { $0 << 8 | Int($1) }
        }
        let expected = shape.reduce(1, *)
        let actual = data.count - headerSize
        guard actual == expected else {
            let what = actual < expected ? "truncated" : "longer than its header says"
            throw DataFileError(file: file, "is \(what): shape \(shape) needs \(expected) bytes of data, found \(actual)")
        }
        bytes = Array(data[headerSize...])
    }

    /// Reads and parses an IDX file, gzip-compressed or not.
    public init(contentsOf path: String) throws {
        try self.init(parsing: try GzipFile.read(path), file: path)
    }

    /// Throws unless the array has `rank` axes (images are `[N, H, W]`, labels `[N]`).
    func expect(rank: Int, what: String, file: String) throws {
        guard shape.count == rank else {
            throw DataFileError(file: file, "holds an array of shape \(shape), expected \(what) of rank \(rank)")
        }
    }
}
