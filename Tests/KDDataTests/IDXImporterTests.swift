import CZlib
import KDData
import XCTest

/// An IDX file: magic, big-endian sizes, bytes.
func idx(_ shape: [Int], _ bytes: [UInt8]) -> [UInt8] {
    var data: [UInt8] = [0, 0, 8, UInt8(shape.count)]
    for size in shape { data += [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: size >> $0) } }
    return data + bytes
}

extension TemporaryFolder {
    /// Writes `bytes` gzip-compressed to `name` and returns its path.
    @discardableResult
    func writeGzip(_ bytes: [UInt8], to name: String) -> String {
        let path = self.path(name)
        let file = gzopen(path, "wb")!
        _ = bytes.withUnsafeBytes { gzwrite(file, $0.baseAddress, UInt32($0.count)) }
        gzclose(file)
        return path
    }
}

final class IDXImporterTests: XCTestCase {
    private let images: [UInt8] = Array(0..<(3 * 2 * 2)).map { UInt8($0 * 20) }  // 3 images 2x2

    func testParsesHeaderAndBytes() throws {
        let array = try IDXArray(parsing: idx([3, 2, 2], images), file: "f")
        XCTAssertEqual(array.shape, [3, 2, 2])
        XCTAssertEqual(array.bytes, images)
    }

    func testImportsAFolderOfGzipAndRawFilesIntoADatasetFile() throws {
        let folder = try TemporaryFolder()
        folder.writeGzip(idx([3, 2, 2], images), to: "train-images-idx3-ubyte.gz")
        try folder.write(idx([3], [2, 0, 1]), to: "train-labels-idx1-ubyte")
        folder.writeGzip(idx([1, 2, 2], [255, 0, 0, 255]), to: "t10k-images-idx3-ubyte.gz")
        folder.writeGzip(idx([1], [1]), to: "t10k-labels-idx1-ubyte.gz")
        let imported = try IDXImporter.importSplits(try IDXImporter.splitFiles(in: folder.url.path), classes: ["a", "b", "c"])
        XCTAssertEqual(imported.classCounts().map(\.counts), [[1, 1, 1], [0, 1, 0]])

        let path = folder.path("out.h5")
        try imported.write(to: path)
        let dataset = try DatasetFile(contentsOf: path)
        XCTAssertEqual(dataset.kind, .image)
        XCTAssertEqual(dataset.classes, ["a", "b", "c"])
        let train = try dataset.split("train")
        XCTAssertEqual(train.sampleShape, [1, 2, 2])
        let (samples, labels, _) = try train.read(rows: [0, 1, 2])
        XCTAssertEqual(labels, [2, 0, 1])
        XCTAssertEqual(zip(samples.scalars, images).map { abs($0 - Float($1) / 255) }.max()!, 0, accuracy: 1e-6)
        // Statistics are those of the training pixels.
        let pixels = images.map { Double($0) / 255 }
        let mean = pixels.reduce(0, +) / Double(pixels.count)
        let std = (pixels.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(pixels.count)).squareRoot()
        XCTAssertEqual(Double(try XCTUnwrap(dataset.normalization).mean[0]), mean, accuracy: 1e-6)
        XCTAssertEqual(Double(try XCTUnwrap(dataset.normalization).std[0]), std, accuracy: 1e-6)
    }

    func testMalformedFilesGiveClearErrors() throws {
        let folder = try TemporaryFolder()
        let badMagic = try folder.write([1, 2, 8, 3] + [UInt8](repeating: 0, count: 20), to: "bad-magic")
        XCTAssertThrowsMessage("\(badMagic): bad magic number 01 02 08 03: not an IDX file (expected 00 00 08 <rank>)") {
            try IDXArray(contentsOf: badMagic)
        }
        let floats = try folder.write([0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0], to: "floats")
        XCTAssertThrowsMessage("\(floats): element type 0x0d is not supported, expected 0x08 (unsigned bytes)") {
            try IDXArray(contentsOf: floats)
        }
        let truncated = folder.writeGzip(Array(idx([3, 2, 2], images).dropLast(5)), to: "truncated.gz")
        XCTAssertThrowsMessage("\(truncated): is truncated: shape [3, 2, 2] needs 12 bytes of data, found 7") {
            try IDXArray(contentsOf: truncated)
        }
        let long = try folder.write(idx([2], [1, 2, 3]), to: "long")
        XCTAssertThrowsMessage("\(long): is longer than its header says: shape [2] needs 2 bytes of data, found 3") {
            try IDXArray(contentsOf: long)
        }
        let header = try folder.write([0, 0, 8, 3, 0, 0], to: "header")
        XCTAssertThrowsMessage("\(header): IDX header of rank 3 is truncated (6 bytes)") { try IDXArray(contentsOf: header) }

        // A gzip stream cut short is reported as such, not parsed as a short array.
        let whole = folder.writeGzip(idx([400], [UInt8](repeating: 7, count: 400)), to: "whole.gz")
        let compressed = try [UInt8](Data(contentsOf: URL(fileURLWithPath: whole)))
        let cut = try folder.write(Array(compressed.prefix(compressed.count - 6)), to: "cut.gz")
        XCTAssertThrowsMessage("\(cut): gzip data is truncated") { try IDXArray(contentsOf: cut) }
    }

    func testInconsistentSplitsAreRefused() throws {
        let folder = try TemporaryFolder()
        let images3 = try folder.write(idx([3, 2, 2], images), to: "images")
        let labels2 = try folder.write(idx([2], [0, 1]), to: "labels2")
        let labels3 = try folder.write(idx([3], [0, 1, 9]), to: "labels3")
        XCTAssertThrowsMessage("\(labels2): holds 2 labels but \(images3) holds 3 images") {
            try IDXImporter.importSplits([("train", .init(images: images3, labels: labels2))], classes: ["a", "b"])
        }
        XCTAssertThrowsMessage("\(labels3): label 9 of image 2 is outside the 2 classes") {
            try IDXImporter.importSplits([("train", .init(images: images3, labels: labels3))], classes: ["a", "b"])
        }
        XCTAssertThrowsMessage("\(labels3): holds an array of shape [3], expected images [N, H, W] of rank 3") {
            try IDXImporter.importSplits([("train", .init(images: labels3, labels: labels3))], classes: ["a", "b"])
        }
        XCTAssertThrowsMessage("\(folder.url.path): has no train-images-idx3-ubyte or train-images-idx3-ubyte.gz") {
            try IDXImporter.splitFiles(in: folder.url.path)
        }
    }
}
