import ArgumentParser

/// `kdzoo bench`: speed measurements (see `make bench`).
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Measure kernel and model throughput.")

    @Flag(help: "Print results as JSON.")
    var json = false

    func run() throws {
        throw ValidationError("no benchmarks are built yet")
    }
}
