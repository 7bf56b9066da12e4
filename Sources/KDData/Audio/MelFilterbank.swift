import Foundation

/// Triangular mel filters over the bins of a real FFT, stored sparsely: each band keeps only
/// the run of bins where its weight is non-zero.
///
/// See ``FeatureConfiguration/MelScale`` for the two conventions.
public struct MelFilterbank: Sendable {
    /// One filter: `weights[i]` applies to FFT bin `firstBin + i`.
    public struct Band: Sendable {
        public let firstBin: Int
        public let weights: [Float]
    }

    public let bands: [Band]
    /// Bins of the spectrum the filters read (`fftSize / 2 + 1`).
    public let binCount: Int
    /// The centre frequency of each band, in Hz.
    public let centreFrequencies: [Double]

    /// Filters for `configuration`'s band count, scale, edges, sample rate and FFT size.
    /// - Throws: ``FeatureConfigurationError`` when a band falls between two FFT bins and
    ///   would be empty (too many bands for the FFT resolution).
    public init(configuration: FeatureConfiguration) throws {
        let fftSize = configuration.resolvedFFTSize
        let scale = configuration.melScale
        let bandCount = configuration.melBandCount
        binCount = fftSize / 2 + 1
        let lowMel = Self.mel(configuration.lowFrequency, scale)
        let highMel = Self.mel(configuration.resolvedHighFrequency, scale)
        let edgeMels = (0...bandCount + 1).map { lowMel + (highMel - lowMel) * Double($0) / Double(bandCount + 1) }
        let edgeHertz = edgeMels.map { Self.hertz($0, scale) }
        let binHertz = (0..<binCount).map { Double($0) * Double(configuration.sampleRate) / Double(fftSize) }

        var bands: [Band] = []
        for band in 0..<bandCount {
            // HTK interpolates in mels, Slaney in Hz; either way a triangle over the three edges.
            let (left, centre, right, position): (Double, Double, Double, (Double) -> Double) =
                scale == .htk
                    ? (edgeMels[band], edgeMels[band + 1], edgeMels[band + 2], { Self.mel($0, .htk) })
                    : (edgeHertz[band], edgeHertz[band + 1], edgeHertz[band + 2], { $0 })
            let gain = scale == .slaney ? 2 / (edgeHertz[band + 2] - edgeHertz[band]) : 1
            var firstBin = -1
            var weights: [Float] = []
            for (bin, hertz) in binHertz.enumerated() {
                let x = position(hertz)
                let weight = max(0, min((x - left) / (centre - left), (right - x) / (right - centre))) * gain
                guard weight > 0 else {
                    if firstBin >= 0 { break }
                    continue
                }
                if firstBin < 0 { firstBin = bin }
                weights.append(Float(weight))
            }
            guard firstBin >= 0 else {
                throw FeatureConfigurationError("melBandCount", """
                    \(bandCount) is too many for a \(fftSize)-point FFT at \(configuration.sampleRate) Hz: \
                    band \(band) (\(Int(edgeHertz[band]))-\(Int(edgeHertz[band + 2])) Hz) covers no FFT bin
                    """)
            }
            bands.append(Band(firstBin: firstBin, weights: weights))
        }
        self.bands = bands
        centreFrequencies = Array(edgeHertz[1...bandCount])
    }

    /// Writes each band's weighted sum of `power` (``binCount`` values) into `energies`.
    public func apply(power: UnsafePointer<Float>, into energies: UnsafeMutablePointer<Float>) {
        for (index, band) in bands.enumerated() {
            var sum: Float = 0
            band.weights.withUnsafeBufferPointer { weights in
                let start = power + band.firstBin
                for i in 0..<weights.count { sum += weights[i] * start[i] }
            }
            energies[index] = sum
        }
    }

    /// Hertz to mels on `scale`.
    public static func mel(_ hertz: Double, _ scale: FeatureConfiguration.MelScale) -> Double {
        switch scale {
        case .htk:
            return 2595 * log10(1 + hertz / 700)
        case .slaney:
            return hertz < slaneyBreakHertz
                ? hertz / slaneyLinearHertzPerMel
                : slaneyBreakMel + log(hertz / slaneyBreakHertz) / slaneyLogStep
        }
    }

    /// Mels to hertz on `scale`.
    public static func hertz(_ mel: Double, _ scale: FeatureConfiguration.MelScale) -> Double {
        switch scale {
        case .htk:
            return 700 * (pow(10, mel / 2595) - 1)
        case .slaney:
            return mel < slaneyBreakMel
                ? mel * slaneyLinearHertzPerMel
                : slaneyBreakHertz * exp((mel - slaneyBreakMel) * slaneyLogStep)
        }
    }

    // Slaney's scale: 200/3 Hz per mel up to 1 kHz (15 mels), then 27 mels per factor 6.4.
    private static let slaneyLinearHertzPerMel = 200.0 / 3
    private static let slaneyBreakHertz = 1000.0
    private static let slaneyBreakMel = slaneyBreakHertz / slaneyLinearHertzPerMel
    private static let slaneyLogStep = log(6.4) / 27
}
