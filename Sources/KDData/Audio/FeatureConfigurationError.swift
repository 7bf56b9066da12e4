/// A ``FeatureConfiguration`` value that cannot work; `description` names the parameter.
public struct FeatureConfigurationError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The configuration field at fault.
    public let parameter: String
    public let description: String

    init(_ parameter: String, _ problem: String) {
        self.parameter = parameter
        description = "feature configuration: \(parameter) \(problem)"
    }
}

extension FeatureConfiguration {
    /// Checks every parameter; called by ``FeatureExtractor/init(configuration:)``.
    /// - Throws: ``FeatureConfigurationError`` naming the first bad parameter.
    public func validate() throws {
        func require(_ condition: Bool, _ parameter: String, _ problem: @autoclosure () -> String) throws {
            if !condition { throw FeatureConfigurationError(parameter, problem()) }
        }
        try require(sampleRate > 0, "sampleRate", "must be positive, got \(sampleRate)")
        try require((0..<1).contains(preEmphasis), "preEmphasis", "must be in [0, 1), got \(preEmphasis)")
        try require(frameLengthSamples >= 2, "frameLengthMilliseconds",
                    "gives \(frameLengthSamples) samples at \(sampleRate) Hz; need at least 2")
        try require(frameShiftSamples >= 1, "frameShiftMilliseconds",
                    "gives \(frameShiftSamples) samples at \(sampleRate) Hz; need at least 1")
        try require(resolvedFFTSize >= frameLengthSamples, "fftSize",
                    "\(resolvedFFTSize) is shorter than a frame (\(frameLengthSamples) samples)")
        try require(melBandCount >= 1, "melBandCount", "must be at least 1, got \(melBandCount)")
        try require(lowFrequency >= 0, "lowFrequency", "must not be negative, got \(lowFrequency)")
        try require(resolvedHighFrequency <= Double(sampleRate) / 2, "highFrequency",
                    "\(resolvedHighFrequency) Hz is above the Nyquist frequency \(sampleRate / 2) Hz")
        try require(lowFrequency < resolvedHighFrequency, "lowFrequency",
                    "\(lowFrequency) Hz must be below highFrequency \(resolvedHighFrequency) Hz")
        try require(logFloor > 0, "logFloor", "must be positive, got \(logFloor)")
        if kind == .mfcc {
            try require((1...melBandCount).contains(cepstralCount), "cepstralCount",
                        "must be in 1...melBandCount (\(melBandCount)), got \(cepstralCount)")
        }
        try require((0...2).contains(deltaOrder), "deltaOrder", "must be 0, 1 or 2, got \(deltaOrder)")
        try require(deltaWindow >= 1, "deltaWindow", "must be at least 1, got \(deltaWindow)")
        if let frameCount {
            try require(frameCount >= 1, "frameCount", "must be at least 1, got \(frameCount)")
        }
    }
}
