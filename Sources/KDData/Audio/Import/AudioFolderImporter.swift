import Foundation
import KDTensor

/// Imports a folder of audio files as a `sequence` dataset: lists and labels the files,
/// decodes and resamples each, extracts features (in parallel), splits train/test, computes
/// global normalisation statistics and pads or crops to a common length.
public struct AudioFolderImporter: Sendable {
    public var options: AudioImportOptions

    public init(options: AudioImportOptions) {
        self.options = options
    }

    /// Imports the audio below `root`; `progress(done, total)` is called after each file, from
    /// worker threads (one at a time).
    /// - Throws: ``AudioFileError`` for the first bad or unlabelled file in path order (unless
    ///   ``AudioImportOptions/skipBadFiles``), ``FeatureConfigurationError``, ``AudioImportError``
    ///   or ``DataFileError`` for a bad configuration, folder, manifest or split.
    public func importFolder(_ root: URL, progress: (@Sendable (Int, Int) -> Void)? = nil) throws -> ImportedSequenceDataset {
        let configuration = options.features
        _ = try FeatureExtractor(configuration: configuration)  // reports a bad configuration before any file is read
        let (entries, unlabelled) = try AudioImportEntry.list(in: root, labels: options.labels)
        if let first = unlabelled.first, !options.skipBadFiles { throw first }

        let results = try extractFeatures(entries, progress: progress)
        var skipped = unlabelled
        var kept: [(entry: AudioImportEntry, features: FeatureMatrix)] = []
        for (entry, result) in zip(entries, results) {
            switch result {
            case .success(let features): kept.append((entry, features))
            case .failure(let error):
                if !options.skipBadFiles { throw error }
                skipped.append(error)
            }
        }
        guard !kept.isEmpty else { throw AudioImportError("no audio file below \(root.path) could be imported") }
        skipped.sort { $0.path < $1.path }

        let labels = kept.map(\.entry.label)
        let classNames = options.targets == .classes ? Array(Set(labels)).sorted() : []
        let classIndex = Dictionary(uniqueKeysWithValues: classNames.enumerated().map { ($1, $0) })
        let transcripts = labels.map { $0.split(whereSeparator: \.isWhitespace).map(String.init) }
        let vocabulary = options.targets == .tokens ? Vocabulary(building: transcripts) : nil
        let isTest = try testMembership(kept.map(\.entry), classes: labels.map { classIndex[$0] ?? 0 })
        guard isTest.contains(false) else { throw AudioImportError("the split leaves no example for train") }

        let matrices = kept.map(\.features)
        // Global statistics are stored, not applied: the batch loader normalises on load.
        // Padding then holds the training mean, which that normalisation turns into zeros.
        let statistics = configuration.normalisation == .global
            ? FeatureStatistics(of: zip(matrices, isTest).filter { !$0.1 }.map(\.0))
            : nil
        let padding = statistics?.mean ?? [Float](repeating: 0, count: configuration.featureCount)
        let frameCount = configuration.frameCount ?? matrices.map(\.frameCount).max()!

        func split(_ test: Bool) -> ImportedSequenceSplit {
            let members = kept.indices.filter { isTest[$0] == test }
            return ImportedSequenceSplit(
                features: Self.batch(members.map { matrices[$0] }, frameCount: frameCount, padding: padding),
                lengths: members.map { min(matrices[$0].frameCount, frameCount) },
                classes: options.targets == .classes ? members.map { classIndex[labels[$0]]! } : [],
                targets: vocabulary.map { vocabulary in members.map { vocabulary.encode(transcripts[$0]) } } ?? [],
                paths: members.map { kept[$0].entry.relativePath })
        }
        return ImportedSequenceDataset(configuration: configuration, classNames: classNames, targetVocabulary: vocabulary,
                                       train: split(false), test: split(true), statistics: statistics, skipped: skipped)
    }

    /// Features of every entry, or the error that stopped it, in entry order.
    private func extractFeatures(_ entries: [AudioImportEntry],
                                 progress: (@Sendable (Int, Int) -> Void)?) throws -> [Result<FeatureMatrix, AudioFileError>] {
        let configuration = options.features
        let resampler = Resampler(quality: options.resampling)
        var results = [Result<FeatureMatrix, AudioFileError>](
            repeating: .failure(AudioFileError(path: "", reason: .empty)), count: entries.count)
        let lock = NSLock()
        var done = 0
        results.withUnsafeMutableBufferPointer { results in
            parallelFor(entries.count) { range in
                // The same configuration built an extractor in importFolder, so this cannot fail.
                let extractor = try! FeatureExtractor(configuration: configuration)
                for index in range {
                    results[index] = Self.features(of: entries[index].url, extractor, resampler)
                    lock.lock()
                    done += 1
                    progress?(done, entries.count)
                    lock.unlock()
                }
            }
        }
        return results
    }

    private static func features(of url: URL, _ extractor: FeatureExtractor,
                                 _ resampler: Resampler) -> Result<FeatureMatrix, AudioFileError> {
        do {
            return .success(try extractor.features(of: try AudioFile(contentsOf: url), resampler: resampler))
        } catch let error as AudioFileError {
            return .failure(error)
        } catch {
            // The only other failure is a sample rate libsamplerate cannot convert from.
            return .failure(AudioFileError(path: url.path, reason: .unsupportedFormat("\(error)")))
        }
    }

    private func testMembership(_ entries: [AudioImportEntry], classes: [Int]) throws -> [Bool] {
        switch options.split {
        case .stratified(let fraction, let seed):
            return TrainTestSplit.stratified(classes: classes, testFraction: fraction, seed: seed)
        case .manifest:
            return try entries.map { entry in
                guard let split = entry.split else {
                    throw AudioImportError("--split manifest needs the labels manifest to have a 'split' column")
                }
                return split == "test"
            }
        case .testList(let list):
            guard let text = try? String(contentsOf: list, encoding: .utf8) else {
                throw DataFileError(file: list.path, "cannot read the test list")
            }
            let testPaths = Set(text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) })
            return entries.map { testPaths.contains($0.relativePath) }
        }
    }

    /// Stacks matrices into `[N, frameCount, F]`, cropping long ones and filling the frames
    /// past a short one with `padding` (one value per feature).
    private static func batch(_ matrices: [FeatureMatrix], frameCount: Int, padding: [Float]) -> Tensor {
        let stride = frameCount * padding.count
        let tensor = Tensor(uninitializedShape: [matrices.count, frameCount, padding.count])
        for (index, matrix) in matrices.enumerated() {
            matrix.fitted(toFrameCount: frameCount, padding: padding).values.withUnsafeBufferPointer {
                (tensor.pointer + index * stride).update(from: $0.baseAddress!, count: stride)
            }
        }
        return tensor
    }
}
