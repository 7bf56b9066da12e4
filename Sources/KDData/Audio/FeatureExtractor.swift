import Foundation

/// Turns samples into log-mel or MFCC frames as a ``FeatureConfiguration`` describes.
///
/// Window, filterbank, DCT matrix and FFT plan are built once in `init` and reused for every
/// utterance. An extractor keeps scratch buffers, so give each thread its own; they share the
/// FFTW plan.
public final class FeatureExtractor {
    public let configuration: FeatureConfiguration
    public let filterbank: MelFilterbank
    private let window: [Float]
    /// `cepstralCount × melBandCount`, row-major; empty for log-mel features.
    private let dctMatrix: [Float]
    private let fft: RealFFT
    private var power: [Float]
    private var energies: [Float]

    /// - Throws: ``FeatureConfigurationError`` when `configuration` does not validate.
    public init(configuration: FeatureConfiguration) throws {
        try configuration.validate()
        self.configuration = configuration
        filterbank = try MelFilterbank(configuration: configuration)
        window = Self.window(configuration.window, length: configuration.frameLengthSamples)
        dctMatrix = configuration.kind == .mfcc
            ? Self.orthonormalDCT(rows: configuration.cepstralCount, columns: configuration.melBandCount)
            : []
        fft = RealFFT(size: configuration.resolvedFFTSize)
        power = [Float](repeating: 0, count: filterbank.binCount)
        energies = [Float](repeating: 0, count: configuration.melBandCount)
    }

    /// Features of `samples`, which must already be at ``FeatureConfiguration/sampleRate``;
    /// deltas and per-utterance normalisation are applied, fixed-length fitting is not.
    public func features(of samples: [Float]) -> FeatureMatrix {
        let config = configuration
        let frames = config.frameCount(forSampleCount: samples.count)
        let width = config.staticFeatureCount
        var values = [Float](repeating: 0, count: frames * width)
        let emphasised = preEmphasised(samples)
        emphasised.withUnsafeBufferPointer { signal in
            window.withUnsafeBufferPointer { window in
                for frame in 0..<frames {
                    let start = frame * config.frameShiftSamples
                    let available = max(0, min(window.count, signal.count - start))
                    for i in 0..<available { fft.input[i] = signal[start + i] * window[i] }
                    for i in available..<fft.size { fft.input[i] = 0 }
                    fft.transform()
                    logMelEnergies()
                    values.withUnsafeMutableBufferPointer { storeStatic(into: $0.baseAddress! + frame * width) }
                }
            }
        }
        var matrix = FeatureMatrix(frameCount: frames, featureCount: width, values: values)
            .appendingDeltas(order: config.deltaOrder, window: config.deltaWindow)
        if config.normalisation == .utterance {
            FeatureStatistics(of: [matrix]).normalise(&matrix)
        }
        return matrix
    }

    /// Reads `audio`, resamples it to the configured rate if needed, and extracts its features.
    public func features(of audio: AudioFile, resampler: Resampler = Resampler()) throws -> FeatureMatrix {
        let samples = try resampler.resample(audio.samples, from: audio.sampleRate, to: configuration.sampleRate)
        return features(of: samples)
    }

    private func preEmphasised(_ samples: [Float]) -> [Float] {
        let a = configuration.preEmphasis
        guard a != 0, !samples.isEmpty else { return samples }
        var result = samples
        for n in stride(from: samples.count - 1, to: 0, by: -1) { result[n] -= a * samples[n - 1] }
        return result
    }

    /// ln(max(mel energy, floor)) of the spectrum in `fft.output`, into `energies`.
    private func logMelEnergies() {
        let floor = configuration.logFloor
        power.withUnsafeMutableBufferPointer { power in
            energies.withUnsafeMutableBufferPointer { energies in
                fft.powerSpectrum(into: power.baseAddress!)
                filterbank.apply(power: power.baseAddress!, into: energies.baseAddress!)
                for band in 0..<energies.count { energies[band] = log(max(energies[band], floor)) }
            }
        }
    }

    /// Copies the log-mel energies, or their DCT, to `destination`.
    private func storeStatic(into destination: UnsafeMutablePointer<Float>) {
        let bands = configuration.melBandCount
        energies.withUnsafeBufferPointer { energies in
            guard configuration.kind == .mfcc else {
                destination.update(from: energies.baseAddress!, count: bands)
                return
            }
            dctMatrix.withUnsafeBufferPointer { dct in
                for k in 0..<configuration.cepstralCount {
                    var sum: Float = 0
                    for m in 0..<bands { sum += dct[k * bands + m] * energies[m] }
                    destination[k] = sum
                }
            }
        }
    }

    private static func window(_ kind: FeatureConfiguration.Window, length: Int) -> [Float] {
        let (a0, a1): (Double, Double) = kind == .hamming ? (0.54, 0.46) : (0.5, 0.5)
        return (0..<length).map { n in Float(a0 - a1 * cos(2 * Double.pi * Double(n) / Double(length - 1))) }
    }

    /// The DCT-II with orthonormal scaling (`scipy.fft.dct(type=2, norm="ortho")`), first `rows` rows.
    private static func orthonormalDCT(rows: Int, columns: Int) -> [Float] {
        var matrix = [Float](repeating: 0, count: rows * columns)
        let n = Double(columns)
        for k in 0..<rows {
            let scale = k == 0 ? (1 / n).squareRoot() : (2 / n).squareRoot()
            for m in 0..<columns {
                matrix[k * columns + m] = Float(scale * cos(Double.pi * Double(k) * (2 * Double(m) + 1) / (2 * n)))
            }
        }
        return matrix
    }
}
