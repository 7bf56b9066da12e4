import KDData
import KDTensor
import XCTest

/// Streaming (hyperslab reads per batch) and in-memory splits must give identical batches,
/// and subsets must keep classes in proportion.
final class DatasetStreamingTests: XCTestCase {
    /// 40 train images 1x4x4 (labels cycle 0, 1, 2, 3) with distinct pixels, and 8 test images.
    private func writeDataset(in folder: TemporaryFolder, attributes: [(name: String, value: String)] = []) throws -> String {
        let path = folder.path("images.h5")
        func split(_ n: Int, offset: Int) -> DatasetSplitContents {
            let pixels = (0..<(n * 16)).map { UInt8((offset + $0 * 7) % 256) }
            return DatasetSplitContents(samples: .bytes(pixels, shape: [n, 1, 4, 4]), labels: (0..<n).map { $0 % 4 })
        }
        try DatasetFile.write(to: path, kind: .image, classes: ["a", "b", "c", "d"],
                              normalization: Normalization(mean: [0.4], std: [0.2]),
                              splits: [("train", split(40, offset: 0)), ("test", split(8, offset: 3))], attributes: attributes)
        return path
    }

    func testStreamingAndInMemoryLoadersGiveIdenticalBatches() throws {
        let folder = try TemporaryFolder()
        let path = try writeDataset(in: folder)
        let augmentation = ImageAugmentation(padding: 2, horizontalFlip: true)
        func batches(inMemoryLimit: Int) throws -> [[Float]] {
            let dataset = try DatasetFile(contentsOf: path, inMemoryLimit: inMemoryLimit)
            let loader = try BatchLoader(dataset: dataset, split: "train", batchSize: 6, shuffle: true, seed: 9,
                                         augmentation: augmentation)
            return try (0..<2).flatMap { epoch in
                try (0..<loader.batchCount).map { try loader.loadBatch($0, epoch: epoch).samples.scalars }
            }
        }
        let inMemory = try batches(inMemoryLimit: 1 << 30)
        let streamed = try batches(inMemoryLimit: 0)
        XCTAssertEqual(inMemory.count, 2 * 7)
        XCTAssertEqual(streamed, inMemory)
    }

    func testAugmentationKeepsShapesAndPadsWithBlackBeforeNormalising() throws {
        let folder = try TemporaryFolder()
        let dataset = try DatasetFile(contentsOf: try writeDataset(in: folder))
        let loader = try BatchLoader(dataset: dataset, split: "train", batchSize: 40, shuffle: false, seed: 4,
                                     augmentation: ImageAugmentation(padding: 3, horizontalFlip: true))
        let batch = try loader.loadBatch(0, epoch: 0)
        XCTAssertEqual(batch.samples.shape, [40, 1, 4, 4])
        let plain = try BatchLoader(dataset: dataset, split: "train", batchSize: 40, shuffle: false).loadBatch(0, epoch: 0)
        let black: Float = (0 - 0.4) / 0.2
        var padded = 0
        for i in 0..<40 {
            let source = Set(plain.samples.scalars[(i * 16)..<(i * 16 + 16)])
            for value in batch.samples.scalars[(i * 16)..<(i * 16 + 16)] {
                if abs(value - black) < 1e-5 { padded += 1 } else { XCTAssertTrue(source.contains(value), "sample \(i)") }
            }
        }
        XCTAssertGreaterThan(padded, 0, "shifts of up to 3 pixels on 4x4 images must reveal padding")
    }

    func testLoaderRejectsAugmentationOfNonImages() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("seq.h5")
        try DatasetFile.write(to: path, kind: .sequence, classes: ["x"], splits: [
            ("train", DatasetSplitContents(samples: .float(Tensor.zeros([2, 3, 4])), labels: [0, 0])),
        ])
        XCTAssertThrowsError(try BatchLoader(dataset: DatasetFile(contentsOf: path), split: "train", batchSize: 1, shuffle: false,
                                             augmentation: ImageAugmentation()))
    }

    func testStratifiedSubsetKeepsPixelsClassesAndAttributes() throws {
        let folder = try TemporaryFolder()
        let source = try DatasetFile(contentsOf: try writeDataset(in: folder, attributes: [("note", "made by a test")]))
        let path = folder.path("subset.h5")
        try source.writeSubset(to: path, counts: ["train": 20], seed: 5)
        let subset = try DatasetFile(contentsOf: path)
        XCTAssertEqual(subset.classes, source.classes)
        XCTAssertEqual(try subset.extraStringAttributes().map(\.value), ["made by a test"])
        let train = try subset.split("train")
        XCTAssertEqual(train.count, 20)
        var counts = [Int](repeating: 0, count: 4)
        for label in try train.classLabels() { counts[label] += 1 }
        XCTAssertEqual(counts, [5, 5, 5, 5])
        XCTAssertEqual(try subset.split("test").count, 8, "splits without a count are copied whole")
        XCTAssertEqual(try HDF5File.open(path).root.group("train").dataset("x").elementType, .uint8)

        // Every chosen image is a source image with its own label.
        let sourceTrain = try source.split("train")
        let all = try sourceTrain.read(rows: Array(0..<40))
        let chosen = try train.read(rows: Array(0..<20))
        for i in 0..<20 {
            let pixels = Array(chosen.samples.scalars[(i * 16)..<(i * 16 + 16)])
            let match = (0..<40).first { Array(all.samples.scalars[($0 * 16)..<($0 * 16 + 16)]) == pixels }
            XCTAssertEqual(match.map { all.labels[$0] }, chosen.labels[i])
        }
        // Statistics describe the subset's training pixels.
        let values = chosen.samples.scalars.map(Double.init)
        let mean = values.reduce(0, +) / Double(values.count)
        XCTAssertEqual(Double(try XCTUnwrap(subset.normalization).mean[0]), mean, accuracy: 1e-5)

        XCTAssertThrowsMessage("\(source.path): split 'test' has 8 examples, cannot take 9") {
            try source.writeSubset(to: folder.path("x.h5"), counts: ["test": 9], seed: 0)
        }
        XCTAssertThrowsMessage("\(source.path): no split 'val' (the file has train, test)") {
            try source.writeSubset(to: folder.path("x.h5"), counts: ["val": 1], seed: 0)
        }
    }
}
