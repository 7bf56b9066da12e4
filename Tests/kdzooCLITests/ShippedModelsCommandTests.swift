import Foundation
import XCTest

/// Every pretrained model in `zoo/models` whose dataset the repository embeds still loads and
/// still scores, under `kdzoo eval`, the test accuracy its weights file (and model card) records.
final class ShippedModelsCommandTests: XCTestCase {
    private let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func testShippedModelsScoreTheAccuracyTheyRecord() throws {
        let models = root.appendingPathComponent("zoo/models")
        let files = try FileManager.default.contentsOfDirectory(atPath: models.path).filter { $0.hasSuffix(".h5") }.sorted()
        var checked: [String] = []
        for file in files {
            // <arch-variant>.<dataset>.h5
            let parts = file.dropLast(3).split(separator: ".")
            guard parts.count >= 2, let dataset = embeddedDataset(named: String(parts.last!)) else {
                print("\(file): its dataset is not embedded in zoo/data, so it is not evaluated here")
                continue
            }
            let recorded = try json(kdzoo("info", "zoo/models/\(file)", "--json"))["metrics"] as? [String: Any]
            let recordedTop1 = try XCTUnwrap(recorded?["top1"] as? Double, "\(file) records no top1")
            let eval = try json(kdzoo("eval", "zoo/models/\(file)", "--dataset", dataset, "--json"))
            let top1 = try XCTUnwrap(eval["top1"] as? Double, "\(file): eval printed no top1")
            let samples = try XCTUnwrap(eval["samples"] as? Double, "\(file): eval printed no sample count")
            // Evaluation batches differ from training's, so float rounding may flip one sample.
            XCTAssertEqual(top1, recordedTop1, accuracy: 1.01 / samples, "\(file) on \(dataset)")
            checked.append(file)
        }
        for demo in ["wrn-40-2.fashion-mnist-small.h5", "mobilenetv2-0.5.fashion-mnist-small.h5"] {
            XCTAssertTrue(checked.contains(demo), "\(demo) (make demo's teacher and baseline) was not checked; checked \(checked)")
        }
    }

    private func embeddedDataset(named name: String) -> String? {
        let data = root.appendingPathComponent("zoo/data")
        let found = FileManager.default.enumerator(atPath: data.path)?.compactMap { $0 as? String }
            .first { URL(fileURLWithPath: $0).lastPathComponent == "\(name).h5" }
        return found.map { "zoo/data/\($0)" }
    }

    private func kdzoo(_ arguments: String...) throws -> String {
        let result = try CommandRunner.run(arguments, in: root)
        XCTAssertEqual(result.status, 0, "kdzoo \(arguments.joined(separator: " ")): \(result.stderr)")
        return result.stdout
    }

    private func json(_ text: String) throws -> [String: Any] {
        try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], text)
    }
}
