import CSampleRate

/// Which of libsamplerate's band-limited sinc converters to use.
///
/// The figures are libsamplerate's own: `best` keeps 97% of the band with 145 dB SNR,
/// `medium` 90% with 121 dB, `fastest` 80% with 97 dB.
public enum ResamplingQuality: String, Codable, CaseIterable, Sendable {
    case best, medium, fastest

    var converterType: Int32 {
        switch self {
        case .best: Int32(SRC_SINC_BEST_QUALITY)
        case .medium: Int32(SRC_SINC_MEDIUM_QUALITY)
        case .fastest: Int32(SRC_SINC_FASTEST)
        }
    }
}

/// A conversion libsamplerate refused; `description` names the rates.
public struct ResamplingError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

/// Converts mono samples between sample rates with libsamplerate.
///
/// The default is ``ResamplingQuality/best``. Measured from 44.1 kHz to 16 kHz, `best` passes a
/// 7.6 kHz tone at -0.3 dB where `medium` gives -20 dB (and -8 dB at 7.4 kHz): with `medium`
/// the top one or two of 40 mel bands, which reach the 8 kHz Nyquist frequency, would read
/// much quieter for resampled files than for files recorded at 16 kHz. The price is speed:
/// `best` takes about 120 ms per second of 44.1 kHz audio, `medium` 12 ms (release build, one
/// core), which matters only for large imports (the CLI offers `medium` for those). Features
/// are extracted once and stored, so the default favours consistent features.
public struct Resampler: Sendable {
    public var quality: ResamplingQuality

    public init(quality: ResamplingQuality = .best) {
        self.quality = quality
    }

    /// `samples` at `sourceRate` converted to `targetRate`; the same array when the rates match.
    /// - Throws: ``ResamplingError`` for rates libsamplerate cannot convert between
    ///   (non-positive, or a ratio beyond 256).
    public func resample(_ samples: [Float], from sourceRate: Int, to targetRate: Int) throws -> [Float] {
        guard sourceRate > 0, targetRate > 0 else {
            throw ResamplingError(description: "cannot resample from \(sourceRate) Hz to \(targetRate) Hz: rates must be positive")
        }
        if sourceRate == targetRate || samples.isEmpty { return samples }
        let ratio = Double(targetRate) / Double(sourceRate)
        guard src_is_valid_ratio(ratio) != 0 else {
            throw ResamplingError(description: "cannot resample from \(sourceRate) Hz to \(targetRate) Hz: libsamplerate converts ratios up to 256")
        }
        let capacity = Int((Double(samples.count) * ratio).rounded(.up)) + 1
        var output = [Float](repeating: 0, count: capacity)
        var generated = 0
        let status: Int32 = samples.withUnsafeBufferPointer { input in
            output.withUnsafeMutableBufferPointer { out in
                var data = SRC_DATA()
                data.data_in = input.baseAddress
                data.input_frames = Int(input.count)
                data.data_out = out.baseAddress
                data.output_frames = Int(out.count)
                data.src_ratio = ratio
                data.end_of_input = 1
                let status = src_simple(&data, quality.converterType, 1)
                generated = Int(data.output_frames_gen)
                return status
            }
        }
        guard status == 0 else {
            throw ResamplingError(description: "resampling from \(sourceRate) Hz to \(targetRate) Hz failed: \(String(cString: src_strerror(status)))")
        }
        output.removeLast(capacity - generated)
        return output
    }
}
