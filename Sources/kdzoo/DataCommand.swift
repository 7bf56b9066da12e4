import ArgumentParser

/// `kdzoo data`: import datasets into kdzoo's HDF5 format, inspect them, cut subsets.
/// (Named `DataCommand` so it does not shadow Foundation's `Data` in this module.)
struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data",
        abstract: "Import, inspect and subset datasets (HDF5).",
        subcommands: [DataImport.self, DataInfo.self, DataSubset.self]
    )
}

/// `kdzoo data import`: one subcommand per source format.
struct DataImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Convert a downloaded dataset into a kdzoo dataset file.",
        subcommands: [
            DataImportIDX.self,
            DataImportCIFAR.self,
            DataImportDigits.self,
            DataImportAudio.self,
            DataImportPairs.self,
        ]
    )
}
