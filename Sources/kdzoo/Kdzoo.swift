import ArgumentParser
import KDTensor

/// The `kdzoo` command: parses arguments and hands work to the libraries.
/// Each subcommand lives in its own file; add it to `subcommands` below.
@main
struct Kdzoo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kdzoo",
        abstract: "A model zoo for knowledge distillation: distil any registered teacher into any compatible student.",
        version: KDZooVersion.string,
        subcommands: [
            Train.self,
            Distill.self,
            Eval.self,
            Predict.self,
            Bench.self,
            DataCommand.self,
            ListCommand.self,
            InfoCommand.self,
        ]
    )

    static func main() {
        AllocatorTuning.keepFreedMemory()
        letIdleBLASThreadsSleep()
        main(nil)
    }
}

enum KDZooVersion {
    static let string = "0.1.0"
}
