import Foundation

/// Everything that decides how audio becomes a feature sequence, stored with a dataset (as JSON
/// in its attributes) so the same front-end can be rebuilt for new recordings.
///
/// The pipeline, in order: pre-emphasis over the whole signal (`y[0] = x[0]`,
/// `y[n] = x[n] - a·x[n-1]`); frames of ``frameLengthMilliseconds`` every
/// ``frameShiftMilliseconds`` (only whole frames, as Kaldi's `snip-edges`; a signal shorter than
/// one frame is zero-padded to one); a symmetric window; a real FFT of ``fftSize`` points; the
/// power spectrum `|X|²` (unscaled); a triangular mel filterbank; `ln(max(energy, logFloor))`;
/// optionally the orthonormal DCT-II of the log energies, keeping the first ``cepstralCount``
/// coefficients (c0 included); deltas; per-utterance normalisation. Global normalisation and
/// padding to a fixed length need the whole dataset and are left to the importer.
public struct FeatureConfiguration: Codable, Equatable, Sendable {
    /// Log-mel energies or mel-frequency cepstral coefficients.
    public enum Kind: String, Codable, CaseIterable, Sendable {
        case logmel, mfcc
    }

    /// The analysis window, both in their symmetric form (as `numpy.hamming`/`numpy.hanning`).
    public enum Window: String, Codable, CaseIterable, Sendable {
        /// `0.54 - 0.46·cos(2πn/(L-1))`.
        case hamming
        /// `0.5 - 0.5·cos(2πn/(L-1))`.
        case hann
    }

    /// How frequencies map to mels and how the triangles are shaped.
    public enum MelScale: String, Codable, CaseIterable, Sendable {
        /// HTK and Kaldi: `mel = 2595·log10(1 + f/700)`; triangles are linear in mels and peak at 1.
        case htk
        /// Slaney's Auditory Toolbox (librosa's default): linear below 1 kHz (`3f/200`),
        /// logarithmic above; triangles linear in Hz and scaled to unit area (`2/(f_right - f_left)`),
        /// so wide high bands do not dominate.
        case slaney
    }

    /// Mean/variance normalisation of each feature dimension.
    public enum Normalisation: String, Codable, CaseIterable, Sendable {
        case none
        /// Each utterance to zero mean and unit variance over its own frames.
        case utterance
        /// Every utterance with the mean and deviation of the training split's frames: the
        /// importer stores them as the dataset's `mean`/`std` and the batch loader applies them.
        /// The extractor alone leaves features as they are. The default.
        case global
    }

    public var kind: Kind = .logmel
    /// The rate audio is resampled to before framing.
    public var sampleRate: Int = 16_000
    /// The pre-emphasis coefficient `a`; 0 turns it off.
    public var preEmphasis: Float = 0.97
    public var frameLengthMilliseconds: Double = 25
    public var frameShiftMilliseconds: Double = 10
    public var window: Window = .hamming
    /// FFT points; `nil` means the smallest power of two that holds a frame.
    public var fftSize: Int?
    public var melBandCount: Int = 40
    public var melScale: MelScale = .htk
    /// The lower edge of the lowest mel band, in Hz.
    public var lowFrequency: Double = 0
    /// The upper edge of the highest mel band, in Hz; `nil` means the Nyquist frequency.
    public var highFrequency: Double?
    /// Mel energies below this are raised to it before the logarithm, so silence stays finite.
    public var logFloor: Float = 1e-10
    /// MFCCs kept, c0 included (``Kind/mfcc`` only).
    public var cepstralCount: Int = 13
    /// 0: static features only; 1: with deltas; 2: with deltas and delta-deltas.
    public var deltaOrder: Int = 0
    /// `N` of the regression `Σ n·(c[t+n] - c[t-n]) / (2·Σ n²)`, `n = 1...N`, edges repeated (HTK).
    public var deltaWindow: Int = 2
    public var normalisation: Normalisation = .global
    /// Pad (with zeros after normalisation) or crop every utterance to this many frames;
    /// `nil` keeps each utterance's own length, padded to the longest, with `lengths` stored.
    public var frameCount: Int?

    public init() {}

    // MARK: Derived sizes

    /// Samples per frame at ``sampleRate``.
    public var frameLengthSamples: Int { Int((frameLengthMilliseconds * Double(sampleRate) / 1000).rounded()) }
    /// Samples between frame starts at ``sampleRate``.
    public var frameShiftSamples: Int { Int((frameShiftMilliseconds * Double(sampleRate) / 1000).rounded()) }
    /// ``fftSize``, or the smallest power of two holding a frame.
    public var resolvedFFTSize: Int {
        if let fftSize { return fftSize }
        var size = 1
        while size < frameLengthSamples { size *= 2 }
        return size
    }
    /// The upper mel edge in Hz.
    public var resolvedHighFrequency: Double { highFrequency ?? Double(sampleRate) / 2 }
    /// Features per frame before deltas.
    public var staticFeatureCount: Int { kind == .mfcc ? cepstralCount : melBandCount }
    /// Features per frame, deltas included.
    public var featureCount: Int { staticFeatureCount * (1 + deltaOrder) }

    /// Frames a signal of `sampleCount` samples yields (before any fixed-length padding).
    public func frameCount(forSampleCount sampleCount: Int) -> Int {
        let length = frameLengthSamples
        return sampleCount <= length ? 1 : 1 + (sampleCount - length) / frameShiftSamples
    }

    // MARK: Decoding with defaults

    private enum CodingKeys: String, CodingKey {
        case kind, sampleRate, preEmphasis, frameLengthMilliseconds, frameShiftMilliseconds, window, fftSize
        case melBandCount, melScale, lowFrequency, highFrequency, logFloor, cepstralCount, deltaOrder
        case deltaWindow, normalisation, frameCount
    }

    /// Decodes a configuration in which any key may be left out to take its default.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        func value<T: Decodable>(_ key: CodingKeys, _ fallback: T) throws -> T {
            try c.decodeIfPresent(T.self, forKey: key) ?? fallback
        }
        let d = FeatureConfiguration()
        kind = try value(.kind, d.kind)
        sampleRate = try value(.sampleRate, d.sampleRate)
        preEmphasis = try value(.preEmphasis, d.preEmphasis)
        frameLengthMilliseconds = try value(.frameLengthMilliseconds, d.frameLengthMilliseconds)
        frameShiftMilliseconds = try value(.frameShiftMilliseconds, d.frameShiftMilliseconds)
        window = try value(.window, d.window)
        fftSize = try c.decodeIfPresent(Int.self, forKey: .fftSize)
        melBandCount = try value(.melBandCount, d.melBandCount)
        melScale = try value(.melScale, d.melScale)
        lowFrequency = try value(.lowFrequency, d.lowFrequency)
        highFrequency = try c.decodeIfPresent(Double.self, forKey: .highFrequency)
        logFloor = try value(.logFloor, d.logFloor)
        cepstralCount = try value(.cepstralCount, d.cepstralCount)
        deltaOrder = try value(.deltaOrder, d.deltaOrder)
        deltaWindow = try value(.deltaWindow, d.deltaWindow)
        normalisation = try value(.normalisation, d.normalisation)
        frameCount = try c.decodeIfPresent(Int.self, forKey: .frameCount)
    }
}
