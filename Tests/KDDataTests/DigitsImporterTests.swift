import KDData
import XCTest

final class DigitsImporterTests: XCTestCase {
    /// `count` rows per digit; row pixels are (row index + column) % 17.
    private func csv(perDigit count: Int) -> String {
        var lines: [String] = []
        for row in 0..<(10 * count) {
            let pixels: [String] = (0..<64).map { column in String((row + column) % 17) }
            lines.append((pixels + [String(row % 10)]).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func testImportsGzipCSVWithAStratifiedSplit() throws {
        let folder = try TemporaryFolder()
        let path = folder.writeGzip(Array(csv(perDigit: 5).utf8), to: "digits.csv.gz")
        let imported = try DigitsImporter.importFile(path, testFraction: 0.2, seed: 1)
        XCTAssertEqual(imported.classes, (0..<10).map(String.init))
        XCTAssertEqual(imported.classCounts().map(\.counts), [[Int](repeating: 4, count: 10), [Int](repeating: 1, count: 10)])
        let train = imported.splits[0].contents
        XCTAssertEqual(train.samples.shape, [40, 1, 8, 8])
        guard case .float(let samples) = train.samples else { return XCTFail("digits are float32") }
        XCTAssertEqual(samples.scalars.max(), 1)
        // Each image keeps its row's pixels: pixel j of a row with label d is (row + j) % 17 / 16.
        let label = train.labels[0]
        let rowPixels = samples.scalars[0..<64]
        let matching = (0..<50).filter { row in
            row % 10 == label && (0..<64).allSatisfy { j in Float((row + j) % 17) / 16 == rowPixels[j] }
        }
        XCTAssertFalse(matching.isEmpty)
        // The same seed gives the same split.
        XCTAssertEqual(try DigitsImporter.importFile(path, testFraction: 0.2, seed: 1).splits[1].contents.labels,
                       imported.splits[1].contents.labels)
    }

    func testMalformedRowsNameTheLine() throws {
        let folder = try TemporaryFolder()
        let good = (0..<64).map { _ in "0" }.joined(separator: ",")
        let short = try folder.write(Array("\(good),1\n1,2,3\n".utf8), to: "short.csv")
        XCTAssertThrowsMessage("\(short): line 2 has 3 columns, expected 65 (64 pixels and the digit)") {
            try DigitsImporter.importFile(short)
        }
        let text = try folder.write(Array("\(good),x\n".utf8), to: "text.csv")
        XCTAssertThrowsMessage("\(text): line 1, column 65: 'x' is not an integer") { try DigitsImporter.importFile(text) }
        let pixel = try folder.write(Array("17,\(good.dropFirst(2)),3\n".utf8), to: "pixel.csv")
        XCTAssertThrowsMessage("\(pixel): line 1, column 1: 17 is outside the pixel range 0...16") {
            try DigitsImporter.importFile(pixel)
        }
        let digit = try folder.write(Array("\(good),10\n".utf8), to: "digit.csv")
        XCTAssertThrowsMessage("\(digit): line 1, column 65: 10 is outside the digits 0...9") { try DigitsImporter.importFile(digit) }
        let empty = try folder.write([], to: "empty.csv")
        XCTAssertThrowsMessage("\(empty): holds no rows") { try DigitsImporter.importFile(empty) }
    }
}
