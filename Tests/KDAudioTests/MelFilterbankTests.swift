import Foundation
import KDData
import XCTest

final class MelFilterbankTests: XCTestCase {
    func testScalesAgreeWithTheirDefinitionsAtKnownPoints() {
        // HTK: 2595·log10(1 + 1000/700) = 999.985...; Slaney: linear 15 mels at 1 kHz, 27 mels per factor 6.4.
        XCTAssertEqual(MelFilterbank.mel(1000, .htk), 999.9855, accuracy: 1e-3)
        XCTAssertEqual(MelFilterbank.mel(1000, .slaney), 15, accuracy: 1e-12)
        XCTAssertEqual(MelFilterbank.mel(500, .slaney), 7.5, accuracy: 1e-12)
        XCTAssertEqual(MelFilterbank.mel(6400, .slaney), 42, accuracy: 1e-12)
        for scale in FeatureConfiguration.MelScale.allCases {
            for hertz in [0.0, 300, 999, 1000, 4321, 8000] {
                XCTAssertEqual(MelFilterbank.hertz(MelFilterbank.mel(hertz, scale), scale), hertz, accuracy: 1e-9)
            }
        }
    }

    /// A pure tone at a band's centre frequency puts the most energy in that band.
    func testToneAtABandCentreLandsInThatBand() throws {
        for scale in FeatureConfiguration.MelScale.allCases {
            var configuration = FeatureConfiguration()
            configuration.melScale = scale
            configuration.preEmphasis = 0
            let extractor = try FeatureExtractor(configuration: configuration)
            for band in [6, 20, 33] {
                let frequency = expectedCentre(ofBand: band, scale: scale)
                let features = extractor.features(of: TestAudio.sine(frequency: frequency, rate: 16_000, seconds: 0.1))
                let frame = Array(features[features.frameCount / 2])
                let loudest = frame.indices.max { frame[$0] < frame[$1] }
                XCTAssertEqual(loudest, band, "\(scale) tone at \(frequency) Hz")
            }
        }
    }

    func testHTKTrianglesPeakAtOneAndSlaneyTrianglesHaveUnitArea() throws {
        var configuration = FeatureConfiguration()
        configuration.fftSize = 4096  // fine bins, so the sampled triangles are close to the ideal ones
        let htk = try MelFilterbank(configuration: configuration)
        configuration.melScale = .slaney
        let slaney = try MelFilterbank(configuration: configuration)
        let binWidth = 16_000.0 / 4096
        for band in [3, 25, 39] {
            XCTAssertEqual(Double(htk.bands[band].weights.max()!), 1, accuracy: 0.02)
            let area = slaney.bands[band].weights.reduce(0) { $0 + Double($1) } * binWidth
            XCTAssertEqual(area, 1, accuracy: 0.02, "band \(band)")
        }
    }

    func testTooManyBandsForTheFFTIsAnErrorNamingTheParameter() {
        var configuration = FeatureConfiguration()
        configuration.melBandCount = 200
        XCTAssertThrowsError(try FeatureExtractor(configuration: configuration)) { error in
            XCTAssertEqual((error as? FeatureConfigurationError)?.parameter, "melBandCount")
        }
    }

    /// Band centres from the formulas, written out here rather than taken from the filterbank:
    /// 40 bands between 0 and 8 kHz split the mel range into 41 equal steps.
    private func expectedCentre(ofBand band: Int, scale: FeatureConfiguration.MelScale) -> Double {
        switch scale {
        case .htk:
            let top = 2595 * log10(1 + 8000.0 / 700)
            return 700 * (pow(10, top * Double(band + 1) / 41 / 2595) - 1)
        case .slaney:
            let top = 15 + log(8000.0 / 1000) * 27 / log(6.4)
            let mel = top * Double(band + 1) / 41
            return mel < 15 ? mel * 200 / 3 : 1000 * exp((mel - 15) * log(6.4) / 27)
        }
    }
}
