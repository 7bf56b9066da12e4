import Foundation
import XCTest

/// `kdzoo bench --json` as `make bench-compare` reads it (tiny settings; no timing is checked).
final class BenchCommandTests: XCTestCase {
    private func bench(_ arguments: [String]) throws -> [String: Any] {
        let folder = FileManager.default.temporaryDirectory
        let result = try CommandRunner.run(["bench", "--json", "--batch", "1", "--repeats", "1", "--warmups", "0"] + arguments,
                                           in: folder)
        XCTAssertEqual(result.status, 0, result.stderr)
        return try XCTUnwrap(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], result.stdout)
    }

    func testJSONHasEveryRowOfTheTableWithItsFields() throws {
        let report = try bench([])
        let rows = try XCTUnwrap(report["rows"] as? [[String: Any]])
        let models = ["wrn-40-2", "wrn-16-2", "resnet56", "resnet20", "resnet32x4", "resnet8x4", "mobilenetv2-0.5",
                      "lstm-2x256", "lstm-2x64"]
        let pairs = ["wrn-40-2:wrn-16-2", "wrn-40-2:mobilenetv2-0.5", "resnet32x4:resnet8x4", "lstm-2x256:lstm-2x64"]
        let expected = models.flatMap { ["\($0)/inference", "\($0)/train"] } + pairs.map { "\($0)/kd" }
            + ["conv3x3/conv-forward", "conv3x3/conv-backward", "conv3x3/sgemm"]
        XCTAssertEqual(rows.compactMap { $0["key"] as? String }, expected)

        for row in rows {
            let key = try XCTUnwrap(row["key"] as? String)
            XCTAssertGreaterThan(try XCTUnwrap(row["value"] as? Double, key), 0, key)
            if !key.hasPrefix("conv3x3/") {
                let start = try XCTUnwrap(row["startResidentMegabytes"] as? Double, key)
                XCTAssertGreaterThanOrEqual(try XCTUnwrap(row["peakResidentMegabytes"] as? Double, key), start, key)
            }
        }
        let units = Dictionary(rows.map { ($0["key"] as! String, $0["unit"] as? String) }, uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(units["lstm-2x64/train"], "seq/s")
        XCTAssertEqual(units["lstm-2x256:lstm-2x64/kd"], "seq/s")
        XCTAssertEqual(units["resnet8x4/inference"], "img/s")
        let parameters = Dictionary(rows.map { ($0["key"] as! String, $0["parameters"] as? Int) }, uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(parameters["wrn-40-2/train"], 2_255_156)
        XCTAssertEqual(parameters["lstm-2x256/inference"], 834_058)
        XCTAssertEqual(report["batch"] as? Int, 1)
        XCTAssertEqual(report["framework"] as? String, "kdzoo")
        XCTAssertNotNil(report["kernels"])
    }

    func testAPairThatCannotBeDistilledIsRefusedByName() throws {
        let result = try CommandRunner.run(["bench", "--row", "wrn-16-2:lstm-2x64"], in: FileManager.default.temporaryDirectory)
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("wrn-16-2:lstm-2x64"), result.stderr)
    }
}
