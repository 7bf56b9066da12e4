import ArgumentParser
import Foundation
import KDData

/// `kdzoo data info FILE.h5`: kind, classes, normalisation, and per split the sample count,
/// sample shape, stored type and examples per class.
struct DataInfo: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "info", abstract: "Describe a dataset file.")

    @Argument(help: "The dataset file (.h5).")
    var file: String

    @Flag(help: "Print the summary as JSON.")
    var json = false

    func run() throws {
        let summary = try DatasetFile(contentsOf: file).summary()
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(summary), as: UTF8.self))
        } else {
            print(Self.render(summary))
        }
    }

    /// The human-readable summary, also printed after an import.
    static func render(_ summary: DatasetSummary) -> String {
        var lines = ["\(summary.file): \(summary.kind.rawValue) dataset, \(summary.classes.count) classes"]
        if !summary.classes.isEmpty { lines.append("classes: " + summary.classes.joined(separator: ", ")) }
        if let mean = summary.mean, let std = summary.std {
            func list(_ values: [Float]) -> String { values.map { String(format: "%.4f", $0) }.joined(separator: ", ") }
            lines.append("normalisation: mean [\(list(mean))], std [\(list(std))]")
        }
        var table = TextTable(["split", "samples", "sample shape", "stored", "per class"], rightAligned: [1])
        for split in summary.splits {
            let shape = split.sampleShape.map(String.init).joined(separator: "x") + (split.hasLengths ? " (padded)" : "")
            let perClass = split.classCounts.isEmpty ? "token targets" : split.classCounts.map(String.init).joined(separator: " ")
            table.append([split.name, String(split.count), shape, split.storedType, perClass])
        }
        lines.append(table.render())
        return lines.joined(separator: "\n")
    }
}
