import Foundation
import KDData
import KDTensor
import XCTest

/// `kdzoo list` and `kdzoo info` as a user runs them.
final class ZooCommandsTests: XCTestCase {
    var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("kdzoo-zoo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("zoo/data/toys"), withIntermediateDirectories: true)
        try writeNoise(to: folder.appendingPathComponent("zoo/data/toys/noise.h5").path)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    /// 1x8x8 noise images in two classes: enough for a one-epoch run that writes a weights file.
    private func writeNoise(to path: String) throws {
        var generator = SeededGenerator(seed: 5)
        func split(_ count: Int) -> DatasetSplitContents {
            DatasetSplitContents(samples: .float(Tensor.randomNormal([count, 1, 8, 8], using: &generator)),
                                 labels: (0..<count).map { $0 % 2 })
        }
        try DatasetFile.write(to: path, kind: .image, classes: ["a", "b"], splits: [("train", split(16)), ("test", split(8))])
    }

    private func kdzoo(_ arguments: String...) throws -> CommandRunner.Result {
        try CommandRunner.run(arguments, in: folder)
    }

    func testListShowsArchitecturesMethodsAndDatasets() throws {
        let text = try kdzoo("list")
        XCTAssertEqual(text.status, 0, text.stderr)
        for name in ["cnn", "mlp", "resnet", "wrn", "mobilenetv2", "densenet"] {
            XCTAssertTrue(text.stdout.contains("\n\(name) "), "\(name) missing from\n\(text.stdout)")
        }
        XCTAssertTrue(text.stdout.contains("toys/noise"), text.stdout)

        let json = try kdzoo("list", "--json")
        XCTAssertEqual(json.status, 0, json.stderr)
        let listing = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let architectures = try XCTUnwrap(listing["architectures"] as? [[String: Any]])
        let wrn = try XCTUnwrap(architectures.first { $0["name"] as? String == "wrn" })
        XCTAssertEqual(wrn["parameters"] as? Int, 2_255_156)
        XCTAssertEqual(wrn["defaultVariant"] as? String, "40-2")
        XCTAssertEqual((listing["methods"] as? [[String: Any]])?.isEmpty, false)
        let datasets = try XCTUnwrap(listing["datasets"] as? [[String: Any]])
        XCTAssertEqual(datasets.map { $0["name"] as? String }, ["toys/noise"])
        XCTAssertEqual(datasets.first?["classes"] as? Int, 2)

        let filtered = try kdzoo("list", "--input", "784", "--json")
        let names = try XCTUnwrap((JSONSerialization.jsonObject(with: Data(filtered.stdout.utf8)) as? [String: Any])?["architectures"]
            as? [[String: Any]]).compactMap { $0["name"] as? String }
        XCTAssertTrue(names.contains("mlp"))
        XCTAssertFalse(names.contains("wrn"), "a flat vector is no image")
    }

    func testInfoShowsLayersTotalsAndTaps() throws {
        let info = try kdzoo("info", "wrn-16-2")
        XCTAssertEqual(info.status, 0, info.stderr)
        XCTAssertTrue(info.stdout.contains("block1.layer.0.convShortcut  Conv2d       32x32x32      512    524,288"), info.stdout)
        XCTAssertTrue(info.stdout.contains("total: 703,284 parameters"), info.stdout)
        XCTAssertTrue(info.stdout.contains("stage3     128x8x8"), info.stdout)

        let mnist = try kdzoo("info", "resnet20", "--input", "1x28x28", "--classes", "10", "--json")
        let profile = try XCTUnwrap((JSONSerialization.jsonObject(with: Data(mnist.stdout.utf8)) as? [String: Any])?["profile"]
            as? [String: Any])
        XCTAssertEqual(profile["parameters"] as? Int, 278_324 - 90 * 65 - 2 * 16 * 9)
    }

    func testInfoReadsAWeightsFile() throws {
        let train = try kdzoo("train", "--arch", "cnn-micro", "--dataset", "zoo/data/toys/noise.h5", "--epochs", "1",
                              "-o", "micro.h5", "--quiet")
        XCTAssertEqual(train.status, 0, train.stderr)
        let info = try kdzoo("info", "micro.h5")
        XCTAssertEqual(info.status, 0, info.stderr)
        XCTAssertTrue(info.stdout.hasPrefix("file: micro.h5\nclasses: a, b\nmetrics: epochs 1"), info.stdout)
        XCTAssertTrue(info.stdout.contains("input 1x8x8 image, 2 classes"), info.stdout)
        XCTAssertTrue(info.stdout.contains("total: 3,642 parameters"), info.stdout)
    }

    func testBadNamesGetOneLineAndAFailingStatus() throws {
        let typo = try kdzoo("info", "resnt")
        XCTAssertNotEqual(typo.status, 0)
        XCTAssertEqual(typo.stderr, "Error: unknown architecture 'resnt'; did you mean resnet?\n")
        let small = try kdzoo("info", "densenet", "--input", "1x3x3")
        XCTAssertNotEqual(small.status, 0)
        XCTAssertTrue(small.stderr.hasPrefix("Error: densenet cannot read a 1x3x3 image input"), small.stderr)
        let missing = try kdzoo("info", "nothing.h5")
        XCTAssertNotEqual(missing.status, 0)
        XCTAssertEqual(missing.stderr.split(separator: "\n").count, 1, missing.stderr)
    }
}
