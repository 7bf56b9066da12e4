import CSndFile
import Foundation
import KDData
import XCTest

/// Imported speech and token data written as ``DatasetFile``s and read back by the loader.
final class DatasetWritingTests: XCTestCase {
    private func toneDataset(targets: AudioImportTargets) throws -> (ImportedSequenceDataset, URL) {
        let root = try TestAudio.temporaryDirectory(for: self)
        var manifest = "path,label\n"
        for (index, frequency) in [300.0, 500, 2_000, 3_000, 4_000].enumerated() {
            try TestAudio.write(TestAudio.sine(frequency: frequency, rate: 16_000, seconds: 0.1 + 0.02 * Double(index)),
                                rate: 16_000, format: Int(SF_FORMAT_WAV | SF_FORMAT_FLOAT), to: root.appendingPathComponent("\(index).wav"))
            manifest += "\(index).wav,\(frequency < 1_000 ? "low" : "high")\(index == 4 ? " tone" : "")\n"
        }
        try manifest.write(to: root.appendingPathComponent("manifest.csv"), atomically: true, encoding: .utf8)
        var options = AudioImportOptions()
        options.labels = .manifest(root.appendingPathComponent("manifest.csv"))
        options.targets = targets
        options.features.normalisation = .global
        options.features.melBandCount = 16
        options.split = .stratified(testFraction: 0.2, seed: 0)
        return (try AudioFolderImporter(options: options).importFolder(root), root)
    }

    func testSequenceDatasetRoundTripWithGlobalNormalisationOnLoad() throws {
        let (imported, root) = try toneDataset(targets: .classes)
        let path = root.appendingPathComponent("tones.h5").path
        try imported.write(to: path)

        let file = try DatasetFile(contentsOf: path)
        XCTAssertEqual(file.kind, .sequence)
        XCTAssertEqual(file.classes, imported.classNames)
        XCTAssertEqual(file.normalization?.mean, imported.statistics?.mean)
        let stored = try XCTUnwrap(file.extraStringAttributes().first { $0.name == "feature_configuration" }?.value)
        XCTAssertEqual(try JSONDecoder().decode(FeatureConfiguration.self, from: Data(stored.utf8)), imported.configuration)

        let train = try file.split("train")
        XCTAssertEqual(train.sampleShape, Array(imported.train.features.shape.dropFirst()))
        let loader = try BatchLoader(dataset: file, split: "train", batchSize: imported.train.count, shuffle: false)
        let batch = try loader.loadBatch(0, epoch: 0)
        XCTAssertEqual(batch.labels, imported.train.classes)
        XCTAssertEqual(batch.lengths, imported.train.lengths)
        // After the loader's normalisation, padding frames read as zeros.
        let short = try XCTUnwrap(imported.train.lengths.firstIndex { $0 < imported.train.features.shape[1] })
        let last = imported.train.features.shape[1] - 1
        for feature in 0..<16 { XCTAssertEqual(batch.samples[short, last, feature], 0, accuracy: 1e-5) }
    }

    func testTokenTargetsAreStoredAsPaddedIdsWithTheVocabulary() throws {
        let (imported, root) = try toneDataset(targets: .tokens)
        let path = root.appendingPathComponent("tokens.h5").path
        try imported.write(to: path)
        let file = try DatasetFile(contentsOf: path)
        let vocabulary = try XCTUnwrap(imported.targetVocabulary)
        XCTAssertEqual(file.classes, vocabulary.tokens)
        let json = try XCTUnwrap(file.extraStringAttributes().first { $0.name == "target_vocabulary" }?.value)
        XCTAssertEqual(try JSONDecoder().decode([String].self, from: Data(json.utf8)), vocabulary.tokens)

        let train = try file.split("train")
        XCTAssertFalse(train.hasClassLabels)
        let (_, labels, _) = try train.read(rows: Array(0..<train.count))
        let rows = stride(from: 0, to: labels.count, by: 2).map { Array(labels[$0..<$0 + 2]) }
        XCTAssertEqual(rows.map(vocabulary.decode), imported.train.targets.map(vocabulary.decode))
    }

    func testTokenPairDatasetRoundTrip() throws {
        let directory = try TestAudio.temporaryDirectory(for: self)
        let dictionary = directory.appendingPathComponent("words.tsv")
        let words = ["cat": "k a t", "dog": "d 0 g", "a": "@", "house": "h aU s", "tree": "t r i:"]
        try words.sorted { $0.key < $1.key }.map { "\($0.key)\t\($0.value)" }.joined(separator: "\n")
            .write(to: dictionary, atomically: true, encoding: .utf8)
        var importer = TokenPairImporter(format: .tsv, sourceUnits: .characters)
        importer.testFraction = 0.2
        let imported = try importer.importFile(dictionary)
        let path = directory.appendingPathComponent("g2p.h5").path
        try imported.write(to: path)

        let file = try DatasetFile(contentsOf: path)
        XCTAssertEqual(file.kind, .tokens)
        let attributes = Dictionary(uniqueKeysWithValues: try file.extraStringAttributes().map { ($0.name, $0.value) })
        let sourceTokens = try JSONDecoder().decode([String].self, from: Data(attributes["source_vocabulary"]!.utf8))
        let source = Vocabulary(tokens: sourceTokens)
        let target = Vocabulary(tokens: file.classes)
        var decoded: [String: String] = [:]
        for name in file.splits {
            let split = try file.split(name)
            let (x, y, lengths) = try split.read(rows: Array(0..<split.count))
            XCTAssertEqual(split.sampleShape, [5], "padded to the longest word, 'house'")
            let width = y.count / split.count
            for row in 0..<split.count {
                let ids = (0..<lengths![row]).map { Int(x[row, $0]) }
                decoded[source.decode(ids).joined()] = target.decode(Array(y[row * width..<(row + 1) * width])).joined(separator: " ")
            }
        }
        XCTAssertEqual(decoded, words)
        XCTAssertEqual(file.splits, ["train", "test"])
    }
}
