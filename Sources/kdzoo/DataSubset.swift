import ArgumentParser
import KDData

/// `kdzoo data subset IN.h5 -o OUT.h5 --train N --test M`: a smaller, stratified copy.
struct DataSubset: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subset",
        abstract: "Write a stratified subset of a dataset file.",
        discussion: """
        Each split given a count keeps that many examples, every class in proportion (chosen with \
        --seed); splits without a count are copied whole. Image statistics are recomputed.
        """
    )

    @Argument(help: "The dataset file to read.")
    var input: String

    @Option(name: .shortAndLong, help: "The dataset file to write (.h5).")
    var output: String

    @Option(help: "Examples to keep in the train split.")
    var train: Int?

    @Option(help: "Examples to keep in the val split.")
    var val: Int?

    @Option(help: "Examples to keep in the test split.")
    var test: Int?

    @Option(help: "The seed of the selection.")
    var seed: UInt64 = 0

    private var counts: [String: Int] {
        var counts: [String: Int] = [:]
        counts["train"] = train
        counts["val"] = val
        counts["test"] = test
        return counts
    }

    func validate() throws {
        guard !counts.isEmpty else { throw ValidationError("give at least one of --train, --val, --test") }
        for (name, count) in counts where count < 1 { throw ValidationError("--\(name) must be at least 1") }
    }

    func run() throws {
        try DatasetFile(contentsOf: input).writeSubset(to: output, counts: counts, seed: seed)
        print(DataInfo.render(try DatasetFile(contentsOf: output).summary()))
    }
}
