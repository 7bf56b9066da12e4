import ArgumentParser
import KDData

/// `kdzoo data import cifar FOLDER -o FILE.h5`: CIFAR-10 and CIFAR-100 binary batches.
struct DataImportCIFAR: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cifar",
        abstract: "Import the CIFAR-10 or CIFAR-100 binary version.",
        discussion: """
        FOLDER is cifar-10-batches-bin (data_batch_1.bin ... data_batch_5.bin, test_batch.bin, \
        batches.meta.txt) or cifar-100-binary (train.bin, test.bin, fine/coarse_label_names.txt).
        """
    )

    @Argument(help: "The folder with the binary batches.")
    var folder: String

    @Option(name: .shortAndLong, help: "The dataset file to write (.h5).")
    var output: String

    @Flag(help: "CIFAR-100: use the 20 coarse superclasses instead of the 100 fine labels.")
    var coarse = false

    func run() throws {
        try CIFARImporter.importFolder(folder, coarseLabels: coarse).write(to: output)
        print(DataInfo.render(try DatasetFile(contentsOf: output).summary()))
    }
}
