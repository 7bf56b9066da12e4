import KDData
import KDTensor
import XCTest

final class DatasetFileTests: XCTestCase {
    var folder: TemporaryFolder!

    override func setUpWithError() throws {
        folder = try TemporaryFolder()
    }

    /// 10 train and 4 test 1x2x2 images whose pixels encode (sample index, pixel index).
    private func writeImages(normalization: Normalization? = nil) throws -> String {
        let path = folder.path("images.h5")
        func pixels(_ n: Int, offset: Int) -> [UInt8] { (0..<(n * 4)).map { UInt8(offset + $0) } }
        try DatasetFile.write(to: path, kind: .image, classes: ["a", "b", "c"], normalization: normalization, splits: [
            ("train", DatasetSplitContents(samples: .bytes(pixels(10, offset: 0), shape: [10, 1, 2, 2]), labels: (0..<10).map { $0 % 3 })),
            ("test", DatasetSplitContents(samples: .bytes(pixels(4, offset: 100), shape: [4, 1, 2, 2]), labels: [2, 1, 0, 2])),
        ])
        return path
    }

    func testRoundTripOfImagesAndMetadata() throws {
        let dataset = try DatasetFile(contentsOf: try writeImages())
        XCTAssertEqual(dataset.kind, .image)
        XCTAssertEqual(dataset.classes, ["a", "b", "c"])
        XCTAssertEqual(dataset.splits, ["train", "test"])
        let test = try dataset.split("test")
        XCTAssertEqual(test.count, 4)
        XCTAssertEqual(test.sampleShape, [1, 2, 2])
        let (samples, labels, lengths) = try test.read(rows: [3, 0])
        XCTAssertEqual(labels, [2, 2])
        XCTAssertNil(lengths)
        let expected = [112, 113, 114, 115, 100, 101, 102, 103].map { Float($0) / 255 }
        XCTAssertEqual(zip(samples.scalars, expected).map { abs($0 - $1) }.max()!, 0, accuracy: 1e-6)
    }

    func testSequencesKeepLengthsAndTokenTargets() throws {
        let path = folder.path("seq.h5")
        let x = Tensor(shape: [2, 3, 1], [1, 2, 0, 4, 5, 6])
        try DatasetFile.write(to: path, kind: .sequence, classes: [], splits: [
            ("train", DatasetSplitContents(samples: .float(x), labels: [7, 8, 0, 9, 9, 9], labelWidth: 3, lengths: [2, 3])),
        ])
        let split = try DatasetFile(contentsOf: path).split("train")
        XCTAssertFalse(split.hasClassLabels)
        let (samples, labels, lengths) = try split.read(rows: [1])
        XCTAssertEqual(samples.scalars, [4, 5, 6])
        XCTAssertEqual(labels, [9, 9, 9])
        XCTAssertEqual(lengths, [3])
    }

    func testLoaderShufflesReproduciblyAndCoversEverySample() throws {
        let dataset = try DatasetFile(contentsOf: try writeImages())
        let loader = try BatchLoader(dataset: dataset, split: "train", batchSize: 4, shuffle: true, seed: 3)
        XCTAssertEqual(loader.batchCount, 3)
        let epoch0 = (0..<3).flatMap { loader.rows(ofBatch: $0, epoch: 0) }
        XCTAssertEqual(epoch0.sorted(), Array(0..<10))
        XCTAssertNotEqual(epoch0, Array(0..<10))
        let epoch1 = (0..<3).flatMap { loader.rows(ofBatch: $0, epoch: 1) }
        XCTAssertNotEqual(epoch0, epoch1)
        let again = try BatchLoader(dataset: dataset, split: "train", batchSize: 4, shuffle: true, seed: 3)
        XCTAssertEqual((0..<3).flatMap { again.rows(ofBatch: $0, epoch: 1) }, epoch1)
        let dropping = try BatchLoader(dataset: dataset, split: "train", batchSize: 4, shuffle: false, dropLast: true)
        XCTAssertEqual(dropping.batchCount, 2)
    }

    func testLoaderNormalisesAndAugmentsDeterministically() throws {
        let dataset = try DatasetFile(contentsOf: try writeImages(normalization: Normalization(mean: [0.5], std: [0.25])))
        let plain = try BatchLoader(dataset: dataset, split: "test", batchSize: 4, shuffle: false)
        let batch = try plain.loadBatch(0, epoch: 0)
        XCTAssertEqual(batch.samples[0, 0, 0, 0], (100 / 255 - 0.5) / 0.25, accuracy: 1e-6)
        XCTAssertEqual(batch.rows, [0, 1, 2, 3])

        let augmented = try BatchLoader(dataset: dataset, split: "test", batchSize: 4, shuffle: false, seed: 1,
                                        augmentation: ImageAugmentation(padding: 1))
        let a = try augmented.loadBatch(0, epoch: 0).samples, b = try augmented.loadBatch(0, epoch: 0).samples
        XCTAssertEqual(a.shape, [4, 1, 2, 2])
        XCTAssertEqual(a.scalars, b.scalars)
        XCTAssertNotEqual(a.scalars, batch.samples.scalars, "padding 1 with flips should move some pixels")
    }

    func testFlipAndShiftMovePixels() {
        var generator = SeededGenerator(seed: 0)
        let image = Tensor(shape: [1, 1, 1, 3], [1, 2, 3])
        // No padding: only flips; over a few draws both orders must appear.
        var seen = Set<[Float]>()
        for _ in 0..<16 {
            let copy = image.copy()
            ImageAugmentation(padding: 0).apply(to: copy, using: &generator)
            seen.insert(copy.scalars)
        }
        XCTAssertEqual(seen, [[1, 2, 3], [3, 2, 1]])
    }

    func testMalformedDatasetsAreRefusedWithTheirPath() throws {
        let noKind = folder.path("nokind.h5")
        try HDF5File.writeAtomically(to: noKind) { file in _ = try file.root.createGroup("train") }
        XCTAssertThrowsError(try DatasetFile(contentsOf: noKind)) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(noKind): not a kdzoo dataset"), "\(error)")
        }
        let badLabel = folder.path("badlabel.h5")
        try DatasetFile.write(to: badLabel, kind: .image, classes: ["only"], splits: [
            ("train", DatasetSplitContents(samples: .float(Tensor.zeros([2, 1, 1, 1])), labels: [0, 5])),
        ])
        XCTAssertThrowsError(try DatasetFile(contentsOf: badLabel).split("train")) { error in
            XCTAssertEqual("\(error)", "\(badLabel): dataset 'train/y' holds label 5, outside 0..<1 classes")
        }
        XCTAssertThrowsError(try DatasetFile(contentsOf: badLabel).split("val")) { error in
            XCTAssertEqual("\(error)", "\(badLabel): no split 'val' (the file has train)")
        }
    }
}
