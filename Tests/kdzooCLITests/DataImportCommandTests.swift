import Foundation
import XCTest

/// `kdzoo data import audio` and `kdzoo data import pairs` as a user runs them: a folder of WAV
/// files labelled by their folders (one of them broken), and a small pronouncing dictionary.
final class DataImportCommandTests: StripesCLITestCase {
    /// The audio importer's committed fixture: 0.25 s of tones at 16 kHz.
    private let tones = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("KDAudioTests/Fixtures/tones.wav")

    /// `words/{yes,no}/clip-N.wav`, four copies of the fixture per word, and `words/no/broken.wav`.
    private func makeWordFolder() throws {
        for word in ["yes", "no"] {
            let folder = folder.appendingPathComponent("words/\(word)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for clip in 0..<4 {
                try FileManager.default.copyItem(at: tones, to: folder.appendingPathComponent("clip-\(clip).wav"))
            }
        }
        try Data("RIFF????WAVEnot audio".utf8).write(to: folder.appendingPathComponent("words/no/broken.wav"))
    }

    func testAudioImportNamesABadFileOrSkipsAndCountsIt() throws {
        try makeWordFolder()
        let arguments = ["data", "import", "audio", "words", "--labels", "folder", "--features", "mfcc", "--frames", "20",
                         "--split", "0.5", "--seed", "0", "-o", "words.h5"]
        let refused = try CommandRunner.run(arguments, in: folder)
        XCTAssertNotEqual(refused.status, 0)
        // The progress lines come first; the error is one line naming the file.
        let error = refused.stderr.split(separator: "\n").last ?? ""
        XCTAssertTrue(error.hasPrefix("Error: ") && error.contains("no/broken.wav"), refused.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("words.h5").path))

        let imported = try CommandRunner.run(arguments + ["--skip-bad"], in: folder)
        XCTAssertEqual(imported.status, 0, imported.stderr)
        XCTAssertTrue(imported.stderr.contains("skipped 1 bad files") && imported.stderr.contains("no/broken.wav"), imported.stderr)
        XCTAssertTrue(imported.stdout.contains("sequence dataset, 2 classes"), imported.stdout)
        XCTAssertTrue(imported.stdout.contains("20x13"), imported.stdout)
    }

    func testPairsImportKeepsBothVocabularies() throws {
        let dictionary = """
        ;;; a comment
        CAT  K AE1 T
        TAC  T AE1 K
        ACT  AE1 K T
        ACT(2)  AE1 K
        """
        try dictionary.write(to: folder.appendingPathComponent("words.dict"), atomically: true, encoding: .utf8)
        let imported = try scratch.kdzoo("data", "import", "pairs", "words.dict", "--format", "cmudict", "--test-fraction", "0.34",
                                         "-o", "words.h5")
        XCTAssertEqual(imported.status, 0, imported.stderr)
        // Sources: <pad> <s> </s> <unk> + a c t; targets: the same four + AE1 K T.
        XCTAssertTrue(imported.stdout.contains("source vocabulary 7 tokens, target vocabulary 7 tokens"), imported.stdout)
        XCTAssertTrue(imported.stdout.contains("tokens dataset"), imported.stdout)

        let malformed = try scratch.kdzoo("data", "import", "pairs", "stripes.h5", "--format", "cmudict", "-o", "bad.h5")
        XCTAssertNotEqual(malformed.status, 0)
        XCTAssertTrue(malformed.stderr.hasPrefix("Error: ") && malformed.stderr.contains("stripes.h5"), malformed.stderr)
    }
}
