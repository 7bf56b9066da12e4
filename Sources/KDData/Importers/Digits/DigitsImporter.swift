import Foundation
import KDTensor

/// Imports the UCI optical-recognition handwritten digits as shipped with scikit-learn
/// (`sklearn/datasets/data/digits.csv.gz`): one row per image, 64 pixel counts 0...16
/// (an 8x8 image, row by row) and the digit, no header.
///
/// The images become `[N, 1, 8, 8]` float32 with pixels scaled to [0, 1] (`count / 16`), and
/// a seeded stratified split (``TrainTestSplit``) divides them into `train` and `test`.
public enum DigitsImporter {
    static let side = 8
    static let maximum = 16

    /// Imports the CSV at `path` (gzip-compressed or not), holding out `testFraction` of
    /// each digit for `test`.
    ///
    /// - Throws: ``DataFileError`` naming the line for a row with the wrong number of
    ///   columns, a value that is not an integer, a pixel outside 0...16 or a digit outside 0...9.
    public static func importFile(_ path: String, testFraction: Double = 0.2, seed: UInt64 = 0) throws -> ImportedImageDataset {
        let (pixels, labels) = try parse(String(decoding: try GzipFile.read(path), as: UTF8.self), file: path)
        guard !labels.isEmpty else { throw DataFileError(file: path, "holds no rows") }
        let isTest = TrainTestSplit.stratified(classes: labels, testFraction: testFraction, seed: seed)
        func split(_ test: Bool) -> DatasetSplitContents {
            let rows = labels.indices.filter { isTest[$0] == test }
            let plane = side * side
            let samples = Tensor(uninitializedShape: [rows.count, 1, side, side])
            for (i, row) in rows.enumerated() {
                for j in 0..<plane { samples.pointer[i * plane + j] = Float(pixels[row * plane + j]) / Float(maximum) }
            }
            return DatasetSplitContents(samples: .float(samples), labels: rows.map { labels[$0] })
        }
        return ImportedImageDataset(classes: (0..<10).map(String.init), splits: [("train", split(false)), ("test", split(true))])
    }

    /// The pixel counts (row-major, 64 per image) and digits of every non-blank line.
    static func parse(_ text: String, file: String) throws -> (pixels: [UInt8], labels: [Int]) {
        var pixels: [UInt8] = [], labels: [Int] = []
        let columns = side * side + 1
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            if fields.count == 1, fields[0].allSatisfy(\.isWhitespace) { continue }
            guard fields.count == columns else {
                throw DataFileError(file: file, "line \(index + 1) has \(fields.count) columns, expected \(columns) (64 pixels and the digit)")
            }
            for (column, field) in fields.enumerated() {
                let text = field.trimmingCharacters(in: .whitespaces)
                guard let value = Int(text) else {
                    throw DataFileError(file: file, "line \(index + 1), column \(column + 1): '\(text)' is not an integer")
                }
                let isLabel = column == columns - 1
                guard (0...(isLabel ? 9 : maximum)).contains(value) else {
                    throw DataFileError(file: file, "line \(index + 1), column \(column + 1): \(value) is outside "
                        + (isLabel ? "the digits 0...9" : "the pixel range 0...\(maximum)"))
                }
                if isLabel { labels.append(value) } else { pixels.append(UInt8(value)) }
            }
        }
        return (pixels, labels)
    }
}
