import KDData
import XCTest

final class CIFARImporterTests: XCTestCase {
    /// `count` records with `labels` label bytes each; image `i` has every pixel of channel `c` equal to `i * 3 + c`.
    private func records(_ labelBytes: [[UInt8]]) -> [UInt8] {
        var bytes: [UInt8] = []
        for (i, labels) in labelBytes.enumerated() {
            bytes += labels
            for c in 0..<3 { bytes += [UInt8](repeating: UInt8(i * 3 + c), count: 1024) }
        }
        return bytes
    }

    private func writeCIFAR10(in folder: TemporaryFolder, names: String? = nil) throws {
        for batch in 1...5 { try folder.write(records([[UInt8(batch)], [0]]), to: "data_batch_\(batch).bin") }
        try folder.write(records([[9]]), to: "test_batch.bin")
        if let names { try folder.write(Array(names.utf8), to: "batches.meta.txt") }
    }

    func testImportsCIFAR10InChannelMajorOrder() throws {
        let folder = try TemporaryFolder()
        try writeCIFAR10(in: folder)
        let imported = try CIFARImporter.importFolder(folder.url.path)
        XCTAssertEqual(imported.classes, CIFARImporter.cifar10Classes)
        XCTAssertEqual(imported.splits.map(\.name), ["train", "test"])
        let train = imported.splits[0].contents
        XCTAssertEqual(train.samples.shape, [10, 3, 32, 32])
        XCTAssertEqual(train.labels, [1, 0, 2, 0, 3, 0, 4, 0, 5, 0])
        guard case .bytes(let pixels, _) = train.samples else { return XCTFail("CIFAR pixels must stay bytes") }
        // Image 3 is record 1 of data_batch_2: channel c holds 1 * 3 + c.
        let image3: [UInt8] = (0..<3).map { channel in pixels[3 * 3072 + channel * 1024 + 500] }
        XCTAssertEqual(image3, [3, 4, 5])
        XCTAssertEqual(imported.splits[1].contents.labels, [9])
    }

    func testImportsCIFAR100FineOrCoarseLabelsAndNames() throws {
        let folder = try TemporaryFolder()
        try folder.write(records([[3, 77], [19, 5]]), to: "train.bin")
        try folder.write(records([[0, 99]]), to: "test.bin")
        try folder.write(Array((0..<20).map { "coarse\($0)\n" }.joined().utf8), to: "coarse_label_names.txt")
        let fine = try CIFARImporter.importFolder(folder.url.path)
        XCTAssertEqual(fine.splits[0].contents.labels, [77, 5])
        XCTAssertEqual(fine.classes.count, 100)
        let coarse = try CIFARImporter.importFolder(folder.url.path, coarseLabels: true)
        XCTAssertEqual(coarse.splits[0].contents.labels, [3, 19])
        XCTAssertEqual(coarse.classes[19], "coarse19")
    }

    func testMalformedBatchesGiveClearErrors() throws {
        let folder = try TemporaryFolder()
        XCTAssertThrowsMessage("\(folder.url.path): holds neither CIFAR-10 (data_batch_1.bin ...) nor CIFAR-100 (train.bin) binary batches") {
            try CIFARImporter.importFolder(folder.url.path)
        }
        try writeCIFAR10(in: folder)
        let truncated = try folder.write(Array(records([[1], [2]]).dropLast(100)), to: "data_batch_3.bin")
        XCTAssertThrowsMessage("\(truncated): is 6046 bytes, not a whole number of 3073-byte records (1 records and 2973 bytes over)") {
            try CIFARImporter.importFolder(folder.url.path)
        }
        let badLabel = try folder.write(records([[1], [10]]), to: "data_batch_3.bin")
        XCTAssertThrowsMessage("\(badLabel): record 1 has label 10, outside the 10 classes") {
            try CIFARImporter.importFolder(folder.url.path)
        }
        try folder.write(records([[1]]), to: "data_batch_3.bin")
        try FileManager.default.removeItem(atPath: folder.path("data_batch_5.bin"))
        XCTAssertThrowsMessage("\(folder.path("data_batch_5.bin")): no such file") { try CIFARImporter.importFolder(folder.url.path) }
        try folder.write(records([[1]]), to: "data_batch_5.bin")
        let names = try folder.write(Array("cat\ndog\n".utf8), to: "batches.meta.txt")
        XCTAssertThrowsMessage("\(names): lists 2 class names, expected 10") { try CIFARImporter.importFolder(folder.url.path) }
        XCTAssertThrowsMessage("\(folder.url.path): holds CIFAR-10, which has no coarse labels") {
            try CIFARImporter.importFolder(folder.url.path, coarseLabels: true)
        }
    }
}
