import KDData
import XCTest

final class ResamplerTests: XCTestCase {
    func testDownsamplingKeepsATonesFrequency() throws {
        let tone = TestAudio.sine(frequency: 1_250, rate: 44_100, seconds: 0.1)
        let resampled = try Resampler().resample(tone, from: 44_100, to: 16_000)
        XCTAssertEqual(resampled.count, 1_600, accuracy: 2)
        XCTAssertEqual(TestAudio.dominantFrequency(resampled, rate: 16_000, resolution: 10), 1_250, accuracy: 10)
    }

    func testUpsamplingKeepsATonesFrequencyAndLevel() throws {
        let tone = TestAudio.sine(frequency: 440, rate: 8_000, seconds: 0.1, amplitude: 0.5)
        let resampled = try Resampler(quality: .medium).resample(tone, from: 8_000, to: 16_000)
        XCTAssertEqual(resampled.count, 1_600, accuracy: 2)
        XCTAssertEqual(TestAudio.dominantFrequency(resampled, rate: 16_000, resolution: 10), 440, accuracy: 10)
        let middle = resampled[400..<1_200]  // away from the filter's start-up and tail
        XCTAssertEqual(Double(middle.map(abs).max()!), 0.5, accuracy: 0.01)
    }

    func testDownsamplingRemovesAToneAboveTheNewNyquist() throws {
        let tone = TestAudio.sine(frequency: 11_000, rate: 44_100, seconds: 0.1)
        let resampled = try Resampler().resample(tone, from: 44_100, to: 16_000)
        let energy = resampled[200..<1_400].reduce(0) { $0 + $1 * $1 } / 1_200
        XCTAssertLessThan(energy, 1e-6, "an 11 kHz tone must not alias into 16 kHz audio")
    }

    func testSameRateReturnsTheSamples() throws {
        let samples: [Float] = [0.1, -0.2, 0.3]
        XCTAssertEqual(try Resampler().resample(samples, from: 16_000, to: 16_000), samples)
    }

    func testImpossibleRatiosAreErrorsNamingTheRates() {
        XCTAssertThrowsError(try Resampler().resample([0, 1], from: 100, to: 48_000)) { error in
            XCTAssertTrue("\(error)".contains("100 Hz"), "\(error)")
        }
        XCTAssertThrowsError(try Resampler().resample([0, 1], from: 0, to: 16_000))
    }
}
