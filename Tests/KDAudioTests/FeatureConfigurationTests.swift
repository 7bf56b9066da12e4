import Foundation
import KDData
import XCTest

final class FeatureConfigurationTests: XCTestCase {
    func testDefaultsGiveKaldiLikeFramesAt16kHz() {
        let configuration = FeatureConfiguration()
        XCTAssertEqual(configuration.frameLengthSamples, 400)
        XCTAssertEqual(configuration.frameShiftSamples, 160)
        XCTAssertEqual(configuration.resolvedFFTSize, 512)
        XCTAssertEqual(configuration.featureCount, 40)
        XCTAssertEqual(configuration.frameCount(forSampleCount: 16_000), 98)
        XCTAssertEqual(configuration.frameCount(forSampleCount: 100), 1)
    }

    func testFeatureCountFollowsKindAndDeltas() {
        var configuration = FeatureConfiguration()
        configuration.kind = .mfcc
        configuration.deltaOrder = 2
        XCTAssertEqual(configuration.featureCount, 39)
    }

    func testJSONRoundTripAndPartialDecoding() throws {
        var configuration = FeatureConfiguration()
        configuration.kind = .mfcc
        configuration.melScale = .slaney
        configuration.frameCount = 100
        configuration.highFrequency = 7_600
        let json = try JSONEncoder().encode(configuration)
        XCTAssertEqual(try JSONDecoder().decode(FeatureConfiguration.self, from: json), configuration)

        let partial = try JSONDecoder().decode(FeatureConfiguration.self, from: Data(#"{"kind": "mfcc", "deltaOrder": 1}"#.utf8))
        var expected = FeatureConfiguration()
        expected.kind = .mfcc
        expected.deltaOrder = 1
        XCTAssertEqual(partial, expected)
    }

    func testValidationNamesTheBadParameter() {
        let cases: [(String, (inout FeatureConfiguration) -> Void)] = [
            ("sampleRate", { $0.sampleRate = 0 }),
            ("preEmphasis", { $0.preEmphasis = 1.5 }),
            ("frameLengthMilliseconds", { $0.frameLengthMilliseconds = 0 }),
            ("frameShiftMilliseconds", { $0.frameShiftMilliseconds = 0.01 }),
            ("fftSize", { $0.fftSize = 256 }),
            ("highFrequency", { $0.highFrequency = 9_000 }),
            ("lowFrequency", { $0.lowFrequency = 8_000 }),
            ("logFloor", { $0.logFloor = 0 }),
            ("cepstralCount", { $0.kind = .mfcc; $0.cepstralCount = 41 }),
            ("deltaOrder", { $0.deltaOrder = 3 }),
            ("frameCount", { $0.frameCount = 0 }),
        ]
        for (parameter, change) in cases {
            var configuration = FeatureConfiguration()
            change(&configuration)
            XCTAssertThrowsError(try configuration.validate(), parameter) { error in
                XCTAssertEqual((error as? FeatureConfigurationError)?.parameter, parameter)
                XCTAssertTrue("\(error)".contains(parameter))
            }
        }
        XCTAssertNoThrow(try FeatureConfiguration().validate())
    }
}
