import Foundation
import KDData
import XCTest

/// The datasets shipped in zoo/data open cleanly and hold what their READMEs promise.
final class ZooDataTests: XCTestCase {
    private func zooData(_ path: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("zoo/data").appendingPathComponent(path).path
    }

    func testFashionMNISTSubsetIsStratified() throws {
        let summary = try DatasetFile(contentsOf: zooData("fashion-mnist/fashion-mnist-small.h5")).summary()
        XCTAssertEqual(summary.kind, .image)
        XCTAssertEqual(summary.classes, IDXImporter.fashionMNISTClasses)
        XCTAssertEqual(summary.splits.map(\.name), ["train", "test"])
        XCTAssertEqual(summary.splits.map(\.sampleShape), [[1, 28, 28], [1, 28, 28]])
        XCTAssertEqual(summary.splits.map(\.storedType), ["uint8", "uint8"])
        XCTAssertEqual(summary.splits.map(\.classCounts), [[Int](repeating: 1000, count: 10), [Int](repeating: 200, count: 10)])
        XCTAssertEqual(Double(try XCTUnwrap(summary.mean?.first)), 0.285, accuracy: 0.01)
    }

    func testDigitsHoldAllImages() throws {
        let summary = try DatasetFile(contentsOf: zooData("digits/digits.h5")).summary()
        XCTAssertEqual(summary.splits.map(\.count), [1438, 359])
        XCTAssertEqual(summary.splits.map(\.sampleShape), [[1, 8, 8], [1, 8, 8]])
        XCTAssertEqual(summary.splits.flatMap(\.classCounts).reduce(0, +), 1797)
    }
}
