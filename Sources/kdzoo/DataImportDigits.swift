import ArgumentParser
import KDData

/// `kdzoo data import digits digits.csv.gz -o FILE.h5`: the UCI 8x8 handwritten digits.
struct DataImportDigits: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digits",
        abstract: "Import the UCI handwritten digits CSV (as shipped in scikit-learn, sklearn/datasets/data/digits.csv.gz).",
        discussion: "Each row is 64 pixel counts (0-16) of an 8x8 image and the digit. A seeded stratified split makes train and test."
    )

    @Argument(help: "The CSV file, gzip-compressed or not.")
    var file: String

    @Option(name: .shortAndLong, help: "The dataset file to write (.h5).")
    var output: String

    @Option(help: "The fraction of each digit held out for the test split.")
    var testFraction = 0.2

    @Option(help: "The seed of the train/test split.")
    var seed: UInt64 = 0

    func validate() throws {
        guard (0..<1).contains(testFraction) else { throw ValidationError("--test-fraction must be in [0, 1)") }
    }

    func run() throws {
        try DigitsImporter.importFile(file, testFraction: testFraction, seed: seed).write(to: output)
        print(DataInfo.render(try DatasetFile(contentsOf: output).summary()))
    }
}
