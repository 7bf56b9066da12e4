import CSndFile
import Foundation
import KDData
import XCTest

final class AudioFolderImporterTests: XCTestCase {
    private let wav = Int(SF_FORMAT_WAV | SF_FORMAT_PCM_16)

    /// `low/` holds 300 Hz tones, `high/` 3 kHz tones, `n` of each, 0.1-0.19 s long, some at 8 kHz.
    private func makeToneFolder(count: Int = 4) throws -> URL {
        let root = try TestAudio.temporaryDirectory(for: self)
        for (label, frequency) in [("low", 300.0), ("high", 3_000.0)] {
            let folder = root.appendingPathComponent(label)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for index in 0..<count {
                let rate = index % 2 == 0 ? 16_000 : 8_000
                let tone = TestAudio.sine(frequency: frequency, rate: rate, seconds: 0.1 + 0.03 * Double(index))
                try TestAudio.write(tone, rate: rate, format: wav, to: folder.appendingPathComponent("\(label)_\(index).wav"))
            }
        }
        try "not audio, ignored".write(to: root.appendingPathComponent("README.txt"), atomically: true, encoding: .utf8)
        return root
    }

    func testFolderLabelsGiveClassesFeaturesAndLengths() throws {
        let root = try makeToneFolder()
        var options = AudioImportOptions()
        options.split = .stratified(testFraction: 0.25, seed: 3)
        let dataset = try AudioFolderImporter(options: options).importFolder(root)

        XCTAssertEqual(dataset.classNames, ["high", "low"])
        XCTAssertEqual(dataset.train.count, 6)
        XCTAssertEqual(dataset.test.count, 2)
        XCTAssertEqual(dataset.test.classes.sorted(), [0, 1], "stratified: one test example per class")
        // 0.19 s at 16 kHz (resampled where needed) is 1 + (3040 - 400) / 160 = 17 frames, the longest.
        XCTAssertEqual(dataset.train.features.shape[1...], [17, 40])
        let all = zip(dataset.train.paths + dataset.test.paths, dataset.train.lengths + dataset.test.lengths)
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: all)["low/low_0.wav"], 8)  // 0.1 s
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: all)["high/high_3.wav"], 17)

        // The class decides which mel band is loudest: 300 Hz sits low, 3 kHz high.
        for (index, path) in dataset.train.paths.enumerated() {
            let frame = (0..<40).map { dataset.train.features[index, 2, $0] }
            let loudest = frame.indices.max { frame[$0] < frame[$1] }!
            XCTAssertEqual(loudest < 20, path.hasPrefix("low"), "\(path): loudest band \(loudest)")
        }
    }

    func testFixedLengthPadsAndCropsAndGlobalStatisticsComeFromValidTrainFrames() throws {
        let root = try makeToneFolder()
        var options = AudioImportOptions()
        options.features.frameCount = 12
        options.features.kind = .mfcc
        options.features.normalisation = .global
        options.split = .stratified(testFraction: 0.25, seed: 1)
        let dataset = try AudioFolderImporter(options: options).importFolder(root)
        XCTAssertEqual(dataset.train.features.shape, [6, 12, 13])

        // Recompute the statistics independently from un-normalised, unpadded features.
        options.features.frameCount = nil
        options.features.normalisation = .none
        let extractor = try FeatureExtractor(configuration: options.features)
        var sums = [Double](repeating: 0, count: 13), frames = 0
        var expectedLengths: [Int] = []
        for path in dataset.train.paths {
            let features = try extractor.features(of: try AudioFile(contentsOf: root.appendingPathComponent(path)))
            expectedLengths.append(min(features.frameCount, 12))
            for t in 0..<features.frameCount {
                for c in 0..<13 { sums[c] += Double(features.values[t * 13 + c]) }
            }
            frames += features.frameCount
        }
        // 0.1 / 0.13 s give 8 / 11 frames; 0.16 and 0.19 s (14 and 17 frames) are cropped to 12.
        XCTAssertEqual(dataset.train.lengths, expectedLengths)
        XCTAssertTrue(Set(expectedLengths).isSubset(of: [8, 11, 12]))
        let statistics = try XCTUnwrap(dataset.statistics)
        for c in 0..<13 { XCTAssertEqual(Double(statistics.mean[c]), sums[c] / Double(frames), accuracy: 1e-3) }

        // Features are stored raw (the loader normalises); padding frames hold the training mean.
        let x = dataset.train.features
        let short = try XCTUnwrap(dataset.train.lengths.firstIndex(of: 8))
        for c in [0, 7] { XCTAssertEqual(x[short, 11, c], statistics.mean[c]) }
    }

    func testBadFileIsAnErrorNamingItOrSkippedAndCounted() throws {
        let root = try makeToneFolder()
        let bad = root.appendingPathComponent("low/broken.wav")
        try Data("RIFF????WAVEjunk".utf8).write(to: bad)

        XCTAssertThrowsError(try AudioFolderImporter(options: AudioImportOptions()).importFolder(root)) { error in
            XCTAssertTrue("\(error)".contains("low/broken.wav"), "\(error)")
        }
        var options = AudioImportOptions()
        options.skipBadFiles = true
        let dataset = try AudioFolderImporter(options: options).importFolder(root)
        XCTAssertEqual(dataset.skipped.map(\.path), [bad.path])
        XCTAssertEqual(dataset.train.count + dataset.test.count, 8)
    }

    func testFilenamePatternLabelsAndUnlabelledFiles() throws {
        let root = try makeToneFolder()
        try TestAudio.write(TestAudio.sine(frequency: 500, rate: 16_000, seconds: 0.1), rate: 16_000, format: wav,
                            to: root.appendingPathComponent("mystery.wav"))
        var options = AudioImportOptions()
        options.labels = try AudioLabelSource(argument: "filename-regex=^([a-z]+)_[0-9]+")
        XCTAssertThrowsError(try AudioFolderImporter(options: options).importFolder(root)) { error in
            XCTAssertEqual((error as? AudioFileError)?.reason, .unlabelled("its name does not match the label pattern"))
        }
        options.skipBadFiles = true
        let dataset = try AudioFolderImporter(options: options).importFolder(root)
        XCTAssertEqual(dataset.classNames, ["high", "low"])
        XCTAssertEqual(dataset.skipped.count, 1)
    }

    func testManifestWithTranscriptsSplitColumnAndTokenTargets() throws {
        let root = try makeToneFolder(count: 2)
        let manifest = root.appendingPathComponent("manifest.csv")
        try """
            path,label,split
            low/low_0.wav,one two,train
            "high/high_0.wav","two, three",train
            high/high_1.wav,three,test

            """.write(to: manifest, atomically: true, encoding: .utf8)
        var options = AudioImportOptions()
        options.labels = try AudioLabelSource(argument: manifest.path)
        options.targets = .tokens
        options.split = try AudioImportSplit(argument: "manifest", seed: 0)
        let dataset = try AudioFolderImporter(options: options).importFolder(root)

        let vocabulary = try XCTUnwrap(dataset.targetVocabulary)
        XCTAssertEqual(vocabulary.tokens, Vocabulary.reserved + ["one", "three", "two", "two,"])
        XCTAssertEqual(dataset.train.paths, ["low/low_0.wav", "high/high_0.wav"], "manifest order")
        XCTAssertEqual(dataset.train.targets.map(vocabulary.decode), [["one", "two"], ["two,", "three"]])
        XCTAssertEqual(dataset.test.targets, [[5]])
        XCTAssertTrue(dataset.classNames.isEmpty)
    }

    func testTestListSplit() throws {
        let root = try makeToneFolder(count: 2)
        let list = root.appendingPathComponent("testing_list.txt")
        try "low/low_1.wav\nnot/imported.wav\n".write(to: list, atomically: true, encoding: .utf8)
        var options = AudioImportOptions()
        options.split = try AudioImportSplit(argument: "list=\(list.path)", seed: 0)
        let dataset = try AudioFolderImporter(options: options).importFolder(root)
        XCTAssertEqual(dataset.test.paths, ["low/low_1.wav"])
        XCTAssertEqual(dataset.train.count, 3)
    }

    func testBadArgumentsAreOneLineErrors() {
        XCTAssertThrowsError(try AudioLabelSource(argument: "by-colour"))
        XCTAssertThrowsError(try AudioLabelSource(argument: "filename-regex=(unclosed"))
        XCTAssertThrowsError(try AudioImportSplit(argument: "1.5", seed: 0))
        XCTAssertThrowsError(try AudioFolderImporter(options: AudioImportOptions())
            .importFolder(URL(fileURLWithPath: "/nonexistent-folder"))) { error in
            XCTAssertEqual("\(error)", "/nonexistent-folder is not a folder")
        }
    }

    /// Real recordings: Google Speech Commands v0.01, 30 words x 10 clips, 16 kHz (shared/data).
    func testSpeechCommandsSampleImports() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let sample = repository.deletingLastPathComponent().appendingPathComponent("shared/data/speech-commands-sample")
        guard FileManager.default.fileExists(atPath: sample.path) else {
            throw XCTSkip("\(sample.path) is absent: the Speech Commands sample lives in ../shared/data beside the repository")
        }
        let dataset = try AudioFolderImporter(options: AudioImportOptions()).importFolder(sample)
        XCTAssertEqual(dataset.classNames.count, 30)
        XCTAssertTrue(dataset.classNames.contains("marvin"))
        XCTAssertEqual(dataset.train.count, 240)
        XCTAssertEqual(dataset.test.count, 60)
        XCTAssertEqual(dataset.train.features.shape, [240, 98, 40])
        XCTAssertTrue(dataset.skipped.isEmpty)
        XCTAssertTrue(dataset.train.features.scalars.allSatisfy(\.isFinite))
        XCTAssertTrue((dataset.train.lengths + dataset.test.lengths).allSatisfy { (40...98).contains($0) })
    }
}
