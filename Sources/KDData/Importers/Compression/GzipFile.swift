import CZlib
import Foundation

/// Reads whole files that may be gzip-compressed (`.gz`), as the MNIST and UCI downloads
/// are. zlib's `gzread` passes uncompressed files through unchanged, so one reader serves both.
public enum GzipFile {
    /// The file's bytes, decompressed when it is gzip.
    ///
    /// - Throws: ``DataFileError`` when the file is missing or unreadable, or when a gzip
    ///   stream is damaged or truncated.
    public static func read(_ path: String) throws -> [UInt8] {
        guard FileManager.default.fileExists(atPath: path) else { throw DataFileError(file: path, "no such file") }
        guard let file = gzopen(path, "rb") else { throw DataFileError(file: path, "cannot open for reading") }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = chunk.withUnsafeMutableBytes { gzread(file, $0.baseAddress, UInt32($0.count)) }
            if count < 0 {
                let reason = describe(file)
                gzclose_r(file)
                throw DataFileError(file: path, "damaged gzip data (\(reason))")
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<Int(count)])
        }
        // gzclose_r reports a stream that stopped mid-member, which gzread treats as end of file.
        let status = gzclose_r(file)
        guard status == Z_OK else {
            throw DataFileError(file: path, status == Z_BUF_ERROR ? "gzip data is truncated" : "damaged gzip data (zlib error \(status))")
        }
        return bytes
    }

    private static func describe(_ file: gzFile) -> String {
        var code: Int32 = 0
        guard let message = gzerror(file, &code) else { return "zlib error" }
        return String(cString: message)
    }
}
