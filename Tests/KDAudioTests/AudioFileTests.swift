import CSndFile
import Foundation
import KDData
import XCTest

final class AudioFileTests: XCTestCase {
    private let pcm16Wav = Int(SF_FORMAT_WAV | SF_FORMAT_PCM_16)

    func testReadsCommittedFixtureAtItsOwnRate() throws {
        let audio = try AudioFile(contentsOf: TestAudio.fixtures.appendingPathComponent("tones.wav"))
        XCTAssertEqual(audio.sampleRate, 16_000)
        XCTAssertEqual(audio.channelCount, 1)
        XCTAssertEqual(audio.samples.count, 4_000)
        XCTAssertEqual(audio.duration, 0.25, accuracy: 1e-9)
        XCTAssertTrue(audio.formatName.hasPrefix("WAV"), audio.formatName)
    }

    func testStereoIsAveragedToMono() throws {
        let directory = try TestAudio.temporaryDirectory(for: self)
        let url = directory.appendingPathComponent("stereo.wav")
        let left: [Float] = [0.5, -0.25, 0.125, 0]
        let right: [Float] = [0.25, 0.25, -0.5, 0.75]
        let interleaved = zip(left, right).flatMap { [$0, $1] }
        try TestAudio.write(interleaved, channels: 2, rate: 8_000, format: Int(SF_FORMAT_WAV | SF_FORMAT_FLOAT), to: url)

        let audio = try AudioFile(contentsOf: url)
        XCTAssertEqual(audio.channelCount, 2)
        XCTAssertEqual(audio.sampleRate, 8_000)
        XCTAssertEqual(audio.samples, [0.375, 0, -0.1875, 0.375])
    }

    func testIntegerAndFloatEncodingsReadToTheSameScale() throws {
        let directory = try TestAudio.temporaryDirectory(for: self)
        let samples: [Float] = [0, 0.5, -0.5, 0.25, -1]
        let encodings: [(String, Int)] = [
            ("pcm16.wav", Int(SF_FORMAT_WAV | SF_FORMAT_PCM_16)),
            ("pcm24.wav", Int(SF_FORMAT_WAV | SF_FORMAT_PCM_24)),
            ("pcm32.aiff", Int(SF_FORMAT_AIFF | SF_FORMAT_PCM_32)),
            ("float.wav", Int(SF_FORMAT_WAV | SF_FORMAT_FLOAT)),
            ("lossless.flac", Int(SF_FORMAT_FLAC | SF_FORMAT_PCM_16)),
        ]
        for (name, format) in encodings {
            let url = directory.appendingPathComponent(name)
            try TestAudio.write(samples, rate: 22_050, format: format, to: url)
            let audio = try AudioFile(contentsOf: url)
            XCTAssertEqual(audio.sampleRate, 22_050, name)
            XCTAssertEqual(audio.samples.count, samples.count, name)
            for (read, written) in zip(audio.samples, samples) {
                XCTAssertEqual(read, written, accuracy: 1e-4, name)
            }
        }
    }

    func testOggVorbisKeepsATonesFrequency() throws {
        let directory = try TestAudio.temporaryDirectory(for: self)
        let url = directory.appendingPathComponent("tone.ogg")
        try TestAudio.write(TestAudio.sine(frequency: 750, rate: 16_000, seconds: 0.1), rate: 16_000,
                            format: Int(SF_FORMAT_OGG | SF_FORMAT_VORBIS), to: url)
        let audio = try AudioFile(contentsOf: url)
        XCTAssertTrue(audio.formatName.contains("OGG"), audio.formatName)
        XCTAssertEqual(audio.samples.count, 1_600, accuracy: 10)
        XCTAssertEqual(TestAudio.dominantFrequency(audio.samples, rate: 16_000, resolution: 10), 750, accuracy: 10)
    }

    func testMissingFile() {
        assertError(URL(fileURLWithPath: "/nonexistent/clip.wav"), .missing, mentioning: "/nonexistent/clip.wav")
    }

    func testZeroByteFileIsEmpty() throws {
        let url = try TestAudio.temporaryDirectory(for: self).appendingPathComponent("zero.wav")
        try Data().write(to: url)
        assertError(url, .empty, mentioning: "zero.wav")
    }

    func testWavWithoutFramesIsEmpty() throws {
        let url = try TestAudio.temporaryDirectory(for: self).appendingPathComponent("silent.wav")
        try TestAudio.write([], rate: 16_000, format: pcm16Wav, to: url)
        assertError(url, .empty, mentioning: "silent.wav")
    }

    func testTextFileIsUnsupported() throws {
        let url = try TestAudio.temporaryDirectory(for: self).appendingPathComponent("notes.wav")
        try "this is not audio\n".write(to: url, atomically: true, encoding: .utf8)
        let error = readError(url)
        guard case .unsupportedFormat = error?.reason else {
            return XCTFail("expected unsupportedFormat, got \(String(describing: error))")
        }
        XCTAssertTrue(error!.description.contains("notes.wav"))
    }

    func testCorruptHeaderIsAnErrorNamingTheFile() throws {
        let directory = try TestAudio.temporaryDirectory(for: self)
        let good = directory.appendingPathComponent("good.wav")
        try TestAudio.write(TestAudio.sine(frequency: 440, rate: 8_000, seconds: 0.1), rate: 8_000, format: pcm16Wav, to: good)
        var bytes = try Data(contentsOf: good)
        bytes.replaceSubrange(20..<24, with: [0xFF, 0xFF, 0xFF, 0xFF])  // format tag and channel count
        let corrupt = directory.appendingPathComponent("corrupt.wav")
        try bytes.write(to: corrupt)

        let error = readError(corrupt)
        guard case .unreadable(let detail) = error?.reason else {
            return XCTFail("expected unreadable, got \(String(describing: error))")
        }
        XCTAssertTrue(detail.contains("fmt"), detail)
        XCTAssertTrue(error?.description.contains("corrupt.wav") ?? false, String(describing: error))
        XCTAssertFalse(error?.description.contains("\n") ?? true)
    }

    func testTruncatedDataKeepsTheFramesPresent() throws {
        let directory = try TestAudio.temporaryDirectory(for: self)
        let url = directory.appendingPathComponent("cut.wav")
        try TestAudio.write(TestAudio.sine(frequency: 440, rate: 8_000, seconds: 0.1), rate: 8_000, format: pcm16Wav, to: url)
        let bytes = try Data(contentsOf: url)
        try bytes.prefix(44 + 2 * 300).write(to: url)  // header + 300 of 800 samples
        XCTAssertEqual(try AudioFile(contentsOf: url).samples.count, 300)
    }

    func testDirectoryIsUnreadable() throws {
        let directory = try TestAudio.temporaryDirectory(for: self)
        XCTAssertEqual(readError(directory)?.reason, .unreadable("it is a directory"))
    }

    private func readError(_ url: URL) -> AudioFileError? {
        do {
            _ = try AudioFile(contentsOf: url)
            return nil
        } catch {
            return error as? AudioFileError
        }
    }

    private func assertError(_ url: URL, _ reason: AudioFileError.Reason, mentioning text: String,
                             file: StaticString = #filePath, line: UInt = #line) {
        let error = readError(url)
        XCTAssertEqual(error?.reason, reason, file: file, line: line)
        XCTAssertTrue(error?.description.contains(text) ?? false, String(describing: error), file: file, line: line)
    }
}
