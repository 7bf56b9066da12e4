import Foundation

/// Imports the CIFAR-10 and CIFAR-100 binary versions (`cifar-10-batches-bin`,
/// `cifar-100-binary`) as an image dataset of `[N, 3, 32, 32]` uint8 pixels.
///
/// Each record is its label byte(s) followed by 3,072 pixel bytes, already channel-major
/// (1,024 red, then green, then blue, row by row), so records copy straight into NCHW.
public enum CIFARImporter {
    /// Pixel bytes per record.
    static let imageBytes = 3 * 32 * 32

    /// CIFAR-10's class names, used when `batches.meta.txt` is absent.
    public static let cifar10Classes = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship",
                                        "truck"]

    /// One layout of the binary distribution.
    struct Layout {
        var trainFiles: [String]
        var testFile: String
        /// Label bytes before each image (1 for CIFAR-10; coarse + fine for CIFAR-100).
        var labelBytes: Int
        /// Which label byte to use.
        var labelIndex: Int
        var classCount: Int
        var namesFile: String
        var defaultNames: [String]

        static let cifar10 = Layout(trainFiles: (1...5).map { "data_batch_\($0).bin" }, testFile: "test_batch.bin",
                                    labelBytes: 1, labelIndex: 0, classCount: 10, namesFile: "batches.meta.txt",
                                    defaultNames: CIFARImporter.cifar10Classes)

        static func cifar100(coarse: Bool) -> Layout {
            let count = coarse ? 20 : 100
            return Layout(trainFiles: ["train.bin"], testFile: "test.bin", labelBytes: 2, labelIndex: coarse ? 0 : 1,
                          classCount: count, namesFile: coarse ? "coarse_label_names.txt" : "fine_label_names.txt",
                          defaultNames: (0..<count).map(String.init))
        }
    }

    /// Imports the CIFAR binary folder `folder`: CIFAR-10 when it holds `data_batch_1.bin`,
    /// CIFAR-100 when it holds `train.bin` (fine labels unless `coarseLabels`).
    ///
    /// - Throws: ``DataFileError`` for a folder with neither layout, a missing batch, a file
    ///   that is not a whole number of records, a label outside the classes, or a names file
    ///   with the wrong number of names.
    public static func importFolder(_ folder: String, coarseLabels: Bool = false) throws -> ImportedImageDataset {
        let url = URL(fileURLWithPath: folder)
        func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: url.appendingPathComponent(name).path) }
        let layout: Layout
        if exists("data_batch_1.bin") {
            guard !coarseLabels else { throw DataFileError(file: folder, "holds CIFAR-10, which has no coarse labels") }
            layout = .cifar10
        } else if exists("train.bin") {
            layout = .cifar100(coarse: coarseLabels)
        } else {
            throw DataFileError(file: folder, "holds neither CIFAR-10 (data_batch_1.bin ...) nor CIFAR-100 (train.bin) binary batches")
        }
        let classes = try names(layout, in: url)
        var train = (pixels: [UInt8](), labels: [Int]())
        for name in layout.trainFiles {
            let batch = try records(url.appendingPathComponent(name).path, layout: layout)
            train.pixels += batch.pixels
            train.labels += batch.labels
        }
        let test = try records(url.appendingPathComponent(layout.testFile).path, layout: layout)
        func contents(_ split: (pixels: [UInt8], labels: [Int])) -> DatasetSplitContents {
            DatasetSplitContents(samples: .bytes(split.pixels, shape: [split.labels.count, 3, 32, 32]), labels: split.labels)
        }
        return ImportedImageDataset(classes: classes, splits: [("train", contents(train)), ("test", contents(test))])
    }

    /// The pixels and labels of every record in one batch file.
    static func records(_ path: String, layout: Layout) throws -> (pixels: [UInt8], labels: [Int]) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataFileError(file: path, FileManager.default.fileExists(atPath: path) ? "cannot be read" : "no such file")
        }
        let recordSize = layout.labelBytes + imageBytes
        guard !data.isEmpty, data.count % recordSize == 0 else {
            throw DataFileError(file: path, "is \(data.count) bytes, not a whole number of \(recordSize)-byte records "
                + "(\(data.count / recordSize) records and \(data.count % recordSize) bytes over)")
        }
        let count = data.count / recordSize
        var pixels = [UInt8](repeating: 0, count: count * imageBytes)
        var labels = [Int](repeating: 0, count: count)
        try data.withUnsafeBytes { (source: UnsafeRawBufferPointer) in
            try pixels.withUnsafeMutableBytes { destination in
                for record in 0..<count {
                    let start = record * recordSize
                    let label = Int(source[start + layout.labelIndex])
                    guard label < layout.classCount else {
                        throw DataFileError(file: path, "record \(record) has label \(label), outside the \(layout.classCount) classes")
                    }
                    labels[record] = label
                    destination.baseAddress!.advanced(by: record * imageBytes)
                        .copyMemory(from: source.baseAddress!.advanced(by: start + layout.labelBytes), byteCount: imageBytes)
                }
            }
        }
        return (pixels, labels)
    }

    /// The class names from the distribution's names file, or the defaults when it is absent.
    static func names(_ layout: Layout, in folder: URL) throws -> [String] {
        let path = folder.appendingPathComponent(layout.namesFile).path
        guard let data = FileManager.default.contents(atPath: path) else { return layout.defaultNames }
        let names = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard names.count == layout.classCount else {
            throw DataFileError(file: path, "lists \(names.count) class names, expected \(layout.classCount)")
        }
        return names
    }
}
