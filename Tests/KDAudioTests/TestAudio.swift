import CSndFile
import Foundation
import XCTest

/// Writes audio files through libsndfile for tests, and finds the committed fixtures.
enum TestAudio {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// A fresh temporary directory, removed when the test ends.
    static func temporaryDirectory(for test: XCTestCase) throws -> URL {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("kdaudio-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        return directory
    }

    /// Writes interleaved `samples` with libsndfile; `format` is a major|minor `SF_FORMAT_*` pair.
    static func write(_ samples: [Float], channels: Int = 1, rate: Int, format: Int, to url: URL) throws {
        var info = SF_INFO()
        info.samplerate = Int32(rate)
        info.channels = Int32(channels)
        info.format = Int32(format)
        guard let handle = sf_open(url.path, Int32(SFM_WRITE), &info) else {
            throw NSError(domain: "TestAudio", code: 1, userInfo: [NSLocalizedDescriptionKey: String(cString: sf_strerror(nil))])
        }
        defer { sf_close(handle) }
        let written = samples.withUnsafeBufferPointer { sf_writef_float(handle, $0.baseAddress, sf_count_t(samples.count / channels)) }
        XCTAssertEqual(Int(written), samples.count / channels)
    }

    static func sine(frequency: Double, rate: Int, seconds: Double, amplitude: Double = 0.5) -> [Float] {
        (0..<Int(seconds * Double(rate))).map { Float(amplitude * sin(2 * Double.pi * frequency * Double($0) / Double(rate))) }
    }

    /// The frequency of the strongest component of `samples`, by a naive DFT (independent of FFTW)
    /// at a resolution of `resolution` Hz.
    static func dominantFrequency(_ samples: [Float], rate: Int, resolution: Double = 5) -> Double {
        var best = (frequency: 0.0, magnitude: -1.0)
        var frequency = resolution
        while frequency < Double(rate) / 2 {
            var re = 0.0, im = 0.0
            let step = 2 * Double.pi * frequency / Double(rate)
            for (n, x) in samples.enumerated() {
                re += Double(x) * cos(step * Double(n))
                im -= Double(x) * sin(step * Double(n))
            }
            let magnitude = re * re + im * im
            if magnitude > best.magnitude { best = (frequency, magnitude) }
            frequency += resolution
        }
        return best.frequency
    }
}
