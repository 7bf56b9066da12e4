import CSndFile
import Foundation

/// A decoded audio file: its samples mixed down to one channel, at the file's own rate.
///
/// Reads anything libsndfile reads (WAV, FLAC, OGG/Vorbis, AIFF, ...), with integer or float
/// samples; integer samples are scaled to [-1, 1]. Several channels are averaged to mono.
public struct AudioFile: Sendable {
    /// The file the samples came from.
    public let url: URL
    /// Mono samples, nominally in [-1, 1].
    public let samples: [Float]
    /// Samples per second of ``samples``.
    public let sampleRate: Int
    /// How many channels the file had before mixing.
    public let channelCount: Int
    /// The container as libsndfile names it, e.g. `WAV (Microsoft)` or `FLAC (Free Lossless Audio Codec)`.
    public let formatName: String

    /// The length in seconds.
    public var duration: Double { Double(samples.count) / Double(sampleRate) }

    /// Decodes the file at `url`.
    /// - Throws: ``AudioFileError`` when the file is missing, empty, malformed or of a format
    ///   libsndfile does not read.
    public init(contentsOf url: URL) throws {
        let path = url.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw AudioFileError(path: path, reason: .missing)
        }
        if isDirectory.boolValue {
            throw AudioFileError(path: path, reason: .unreadable("it is a directory"))
        }
        if (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) == 0 {
            throw AudioFileError(path: path, reason: .empty)
        }

        var info = SF_INFO()
        guard let handle = sf_open(path, Int32(SFM_READ), &info) else {
            throw Self.openError(path: path, code: sf_error(nil))
        }
        defer { sf_close(handle) }

        let channels = Int(info.channels)
        guard info.samplerate > 0, channels > 0 else {
            throw AudioFileError(path: path, reason: .unreadable(
                "header gives \(info.samplerate) Hz and \(info.channels) channels"))
        }
        guard info.frames > 0 else { throw AudioFileError(path: path, reason: .empty) }

        let interleaved = try Self.readInterleaved(handle, frames: Int(info.frames), channels: channels, path: path)
        self.url = url
        samples = Self.mixedToMono(interleaved, channels: channels)
        sampleRate = Int(info.samplerate)
        channelCount = channels
        formatName = Self.majorFormatName(info.format)
    }

    /// Reads every frame; libsndfile may report more frames in the header than the data holds
    /// (truncated files), so the read stops at the first short block.
    private static func readInterleaved(_ handle: OpaquePointer, frames: Int, channels: Int,
                                        path: String) throws -> [Float] {
        var interleaved = [Float](repeating: 0, count: frames * channels)
        let framesRead = interleaved.withUnsafeMutableBufferPointer {
            Int(sf_readf_float(handle, $0.baseAddress, sf_count_t(frames)))
        }
        if sf_error(handle) != Int32(SF_ERR_NO_ERROR) {
            throw AudioFileError(path: path, reason: .unreadable(String(cString: sf_strerror(handle))))
        }
        guard framesRead > 0 else { throw AudioFileError(path: path, reason: .empty) }
        if framesRead < frames { interleaved.removeLast((frames - framesRead) * channels) }
        return interleaved
    }

    private static func mixedToMono(_ interleaved: [Float], channels: Int) -> [Float] {
        if channels == 1 { return interleaved }
        let frames = interleaved.count / channels
        let scale = 1 / Float(channels)
        return [Float](unsafeUninitializedCapacity: frames) { mono, initialised in
            interleaved.withUnsafeBufferPointer { source in
                for frame in 0..<frames {
                    var sum: Float = 0
                    for channel in 0..<channels { sum += source[frame * channels + channel] }
                    mono[frame] = sum * scale
                }
            }
            initialised = frames
        }
    }

    private static func openError(path: String, code: Int32) -> AudioFileError {
        let detail = String(cString: sf_error_number(code))
        switch Int(code) {
        case SF_ERR_UNRECOGNISED_FORMAT, SF_ERR_UNSUPPORTED_ENCODING:
            return AudioFileError(path: path, reason: .unsupportedFormat(detail))
        default:
            return AudioFileError(path: path, reason: .unreadable(detail))
        }
    }

    private static func majorFormatName(_ format: Int32) -> String {
        var formatInfo = SF_FORMAT_INFO()
        formatInfo.format = format & Int32(SF_FORMAT_TYPEMASK)
        let status = sf_command(nil, Int32(SFC_GET_FORMAT_INFO), &formatInfo, Int32(MemoryLayout<SF_FORMAT_INFO>.size))
        guard status == 0, let name = formatInfo.name else { return "unknown" }
        return String(cString: name)
    }
}
