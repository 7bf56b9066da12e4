import ArgumentParser
import Foundation
import KDData

/// `kdzoo data import audio DIR --labels ... -o FILE.h5`: a folder of recordings as a `sequence` dataset.
struct DataImportAudio: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audio",
        abstract: "Import a folder of audio files (WAV, FLAC, OGG, ...) as log-mel or MFCC feature sequences.",
        discussion: """
            Files are decoded with libsndfile (any rate, channels mixed to mono), resampled with \
            libsamplerate, and framed (25 ms windows every 10 ms by default) into an [N, T, F] dataset \
            with the valid length of each example. The feature configuration is stored in the file.
            Labels: `folder` (DIR/<class>/file.wav), `filename-regex=PATTERN` (first capture group of \
            the file name), or a manifest CSV with columns path,label[,split] (paths relative to DIR).
            """)

    @Argument(help: "The folder of audio files.")
    var folder: String

    @Option(help: "Where labels come from: folder, filename-regex=PATTERN, or a manifest .csv.")
    var labels = "folder"

    @Option(help: "classes (one label per file) or tokens (the label is a space-separated transcript).")
    var targets: AudioImportTargets = .classes

    @Option(help: "The sample rate features are computed at (Hz).")
    var rate = 16_000

    @Option(help: "logmel or mfcc.")
    var features: FeatureConfiguration.Kind = .logmel

    @Option(help: "Mel bands.")
    var melBands = 40

    @Option(help: "htk (2595·log10(1+f/700), peak-1 triangles) or slaney (linear below 1 kHz, unit-area triangles).")
    var melScale: FeatureConfiguration.MelScale = .htk

    @Option(help: "MFCCs kept, c0 included (with --features mfcc).")
    var coefficients = 13

    @Option(help: "0: static features; 1: with deltas; 2: with deltas and delta-deltas.")
    var deltas = 0

    @Option(help: "hamming or hann.")
    var window: FeatureConfiguration.Window = .hamming

    @Option(help: "Frame length in milliseconds.")
    var frameLength = 25.0

    @Option(help: "Frame shift in milliseconds.")
    var frameShift = 10.0

    @Option(help: "Pre-emphasis coefficient (0 turns it off).")
    var preEmphasis: Float = 0.97

    @Option(help: "Lowest mel edge in Hz.")
    var lowFrequency = 0.0

    @Option(help: "Highest mel edge in Hz (default: half the rate).")
    var highFrequency: Double?

    @Option(help: "none, utterance (each file on its own) or global (training-set mean/std stored, applied on load).")
    var normalise: FeatureConfiguration.Normalisation = .global

    @Option(help: "Pad or crop every example to this many frames (default: pad to the longest, keep lengths).")
    var frames: Int?

    @Option(help: "The test split: a fraction (stratified by class), list=FILE (relative paths, one per line), or manifest.")
    var split = "0.2"

    @Option(help: "The seed of a fractional split.")
    var seed: UInt64 = 0

    @Option(help: "libsamplerate converter: best, medium (about 10x faster, rolls off the top 10% of the band) or fastest.")
    var resampling: ResamplingQuality = .best

    @Flag(help: "Skip and count files that cannot be read or labelled, instead of stopping at the first.")
    var skipBad = false

    @Option(name: .shortAndLong, help: "The dataset file to write (.h5).")
    var output: String

    func run() throws {
        var options = AudioImportOptions()
        options.features = featureConfiguration()
        options.labels = try AudioLabelSource(argument: labels)
        options.targets = targets
        options.split = try AudioImportSplit(argument: split, seed: seed)
        options.skipBadFiles = skipBad
        options.resampling = resampling

        let bar = LockedProgressBar(label: "import")
        let dataset = try AudioFolderImporter(options: options)
            .importFolder(URL(fileURLWithPath: folder)) { done, total in bar.update(done, total) }
        bar.finish()
        try dataset.write(to: output)
        if !dataset.skipped.isEmpty {
            let shown = dataset.skipped.prefix(5).map { "  \($0)" }.joined(separator: "\n")
            let more = dataset.skipped.count > 5 ? "\n  ... and \(dataset.skipped.count - 5) more" : ""
            FileHandle.standardError.write(Data("skipped \(dataset.skipped.count) bad files:\n\(shown)\(more)\n".utf8))
        }
        print(DataInfo.render(try DatasetFile(contentsOf: output).summary()))
    }

    private func featureConfiguration() -> FeatureConfiguration {
        var configuration = FeatureConfiguration()
        configuration.kind = features
        configuration.sampleRate = rate
        configuration.melBandCount = melBands
        configuration.melScale = melScale
        configuration.cepstralCount = coefficients
        configuration.deltaOrder = deltas
        configuration.window = window
        configuration.frameLengthMilliseconds = frameLength
        configuration.frameShiftMilliseconds = frameShift
        configuration.preEmphasis = preEmphasis
        configuration.lowFrequency = lowFrequency
        configuration.highFrequency = highFrequency
        configuration.normalisation = normalise
        configuration.frameCount = frames
        return configuration
    }
}

/// A ``ProgressBar`` that worker threads can update.
private final class LockedProgressBar: @unchecked Sendable {
    private let label: String
    private let lock = NSLock()
    private var bar: ProgressBar?

    init(label: String) {
        self.label = label
    }

    func update(_ done: Int, _ total: Int) {
        lock.lock()
        defer { lock.unlock() }
        if bar == nil { bar = ProgressBar(total: total, label: label) }
        bar!.update(completed: done, detail: "files")
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        bar?.finish()
    }
}

extension AudioImportTargets: ExpressibleByArgument {}
extension FeatureConfiguration.Kind: ExpressibleByArgument {}
extension FeatureConfiguration.MelScale: ExpressibleByArgument {}
extension FeatureConfiguration.Window: ExpressibleByArgument {}
extension FeatureConfiguration.Normalisation: ExpressibleByArgument {}
extension ResamplingQuality: ExpressibleByArgument {}
