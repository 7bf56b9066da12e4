import ArgumentParser
import KDData

/// `kdzoo data import idx FOLDER -o FILE.h5`: MNIST and Fashion-MNIST.
struct DataImportIDX: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "idx",
        abstract: "Import MNIST-style IDX files (MNIST, Fashion-MNIST), gzip-compressed or not.",
        discussion: """
        FOLDER holds train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte and \
        t10k-labels-idx1-ubyte, each optionally ending in .gz (e.g. /usr/share/datasets/fashion-mnist).
        """
    )

    @Argument(help: "The folder with the four IDX files.")
    var folder: String

    @Option(name: .shortAndLong, help: "The dataset file to write (.h5).")
    var output: String

    @Option(help: "Class names: 'mnist' (the digits), 'fashion-mnist', or a comma-separated list.")
    var classes = "mnist"

    func run() throws {
        let names: [String]
        switch classes {
        case "mnist": names = IDXImporter.mnistClasses
        case "fashion-mnist": names = IDXImporter.fashionMNISTClasses
        default: names = classes.split(separator: ",").map { String($0) }
        }
        guard !names.isEmpty else { throw ValidationError("--classes needs at least one class name") }
        let imported = try IDXImporter.importSplits(try IDXImporter.splitFiles(in: folder), classes: names)
        try imported.write(to: output)
        print(DataInfo.render(try DatasetFile(contentsOf: output).summary()))
    }
}
