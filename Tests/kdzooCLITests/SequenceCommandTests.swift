import Foundation
import XCTest

/// `kdzoo train`, `distill` and `eval` on sequence-to-sequence data: small slices of the shipped
/// grapheme-to-phoneme and spoken digit-string sets, sequence accuracy and token error rate in the outputs.
final class SequenceCommandTests: StripesCLITestCase {
    private let speech = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("zoo/data/speech")
    private var g2p: String { speech.appendingPathComponent("g2p-espeak.h5").path }

    private func succeeded(_ result: CommandRunner.Result, file: StaticString = #filePath, line: UInt = #line) -> String {
        XCTAssertEqual(result.status, 0, result.stderr, file: file, line: line)
        return result.stdout
    }

    func testTrainsDistilsAndEvaluatesAGraphemeToPhonemeModel() throws {
        _ = succeeded(try scratch.kdzoo("data", "subset", g2p, "-o", "g2p.h5", "--train", "96", "--test", "24"))
        let trained = succeeded(try scratch.kdzoo("train", "--arch", "seq2seq-1x8", "--dataset", "g2p.h5", "--epochs", "1",
                                                  "--optimizer", "adam", "--lr", "0.01", "-o", "teacher.h5", "--quiet"))
        XCTAssertTrue(trained.contains("sequence accuracy") && trained.contains("token error rate"), trained)

        let json = succeeded(try scratch.kdzoo("distill", "--teacher", "teacher.h5", "--student", "seq2seq-1x4", "--dataset", "g2p.h5",
                                               "--method", "seq-kd+word-kd", "--seq-kd-beam", "2", "--epochs", "1", "--optimizer", "adam",
                                               "--beam-width", "2", "-o", "student.h5", "--quiet", "--json"))
        let report = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        XCTAssertEqual(report["method"] as? String, "seq-kd+word-kd")
        let student = (report["students"] as! [[String: Any]])[0]["student"] as! [String: Any]
        XCTAssertNotNil(student["tokenErrorRate"] as? Double)
        XCTAssertGreaterThan((report["teachers"] as! [[String: Any]])[0]["macs"] as! Int, 0)
        let cache = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(".kdzoo-cache").path)
        XCTAssertTrue(cache.contains { $0.hasPrefix("seqkd-") }, "\(cache)")

        let evaluated = succeeded(try scratch.kdzoo("eval", "student.h5", "--dataset", "g2p.h5", "--beam-width", "3"))
        XCTAssertTrue(evaluated.contains("24 sequences, beam 3 decoding") && evaluated.contains("token error rate"), evaluated)

        let refused = try scratch.kdzoo("predict", "student.h5", "--input", "g2p.h5", "--json")
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertTrue(refused.stderr.contains("writes token sequences, not class probabilities"), refused.stderr)
    }

    func testRefusesSequenceMethodsOnClassifiers() throws {
        _ = succeeded(try scratch.kdzoo("train", "--arch", "cnn-micro", "--dataset", "stripes.h5", "--epochs", "1", "-o", "cnn.h5", "--quiet"))
        let result = try scratch.kdzoo("distill", "--teacher", "cnn.h5", "--student", "cnn-micro", "--dataset", "stripes.h5",
                                       "--method", "word-kd", "--epochs", "1", "--quiet")
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("word-kd distils sequence-to-sequence models"), result.stderr)
    }

    /// Speech to words: the encoder reads MFCC frames (no source embedding), the decoder writes digit words.
    func testDistilsASpeechToWordsModelOverFrames() throws {
        let digits = speech.appendingPathComponent("digit-strings.h5").path
        _ = succeeded(try scratch.kdzoo("data", "subset", digits, "-o", "digits.h5", "--train", "32", "--test", "8"))
        _ = succeeded(try scratch.kdzoo("train", "--arch", "seq2seq-1x8", "--dataset", "digits.h5", "--epochs", "1",
                                        "--optimizer", "adam", "-o", "teacher.h5", "--quiet"))
        let json = succeeded(try scratch.kdzoo("distill", "--teacher", "teacher.h5", "--student", "seq2seq-1x4", "--dataset", "digits.h5",
                                               "--method", "word-kd", "--epochs", "1", "--optimizer", "adam", "--baseline",
                                               "-o", "student.h5", "--quiet", "--json"))
        let report = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        let result = (report["students"] as! [[String: Any]])[0]
        for role in ["student", "baseline"] {
            let model = result[role] as! [String: Any]
            XCTAssertNotNil(model["tokenErrorRate"] as? Double, role)
            XCTAssertGreaterThan(model["macs"] as! Int, 0, role)
        }
    }
}
