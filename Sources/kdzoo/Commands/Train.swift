import ArgumentParser
import Foundation
import KDDistill
import KDZoo

/// `kdzoo train`: trains any zoo architecture on a dataset's labels (a teacher, or a baseline).
struct Train: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train a zoo architecture on a dataset's labels.",
        discussion: "Example: kdzoo train --arch wrn-40-2 --dataset zoo/data/fashion-mnist-small.h5 -o teacher.h5")

    @Option(help: "The architecture, e.g. wrn-40-2, resnet56, mobilenet.") var arch: String?
    @Option(help: "Dataset file (HDF5); default: the embedded Fashion-MNIST subset.") var dataset: String?
    @Option(name: .shortAndLong, help: "Where to write the weights (default: runs/<arch>.<dataset>.h5).") var output: String?
    @Option(help: "Continue a killed run from its checkpoint (<output>.ckpt.h5).") var resume: String?
    @Option(help: "A recipe (YAML) supplying any of these options; flags override it.") var recipe: String?
    @Flag(help: "No progress output.") var quiet = false
    @Flag(help: "Print the final metrics as JSON on standard output.") var json = false
    @OptionGroup var training: TrainingOptions

    func run() throws {
        let recipe = try recipe.map(RecipeFile.load) ?? Recipe()
        let configuration = training.applied(to: recipe.training)
        try configuration.validate()
        let resolver = try ModelResolver()
        let data = try DataContext(path: dataset ?? recipe.dataset ?? ZooLocation.defaultDataset)
        guard let archName = arch ?? recipe.arch else { throw ValidationError("name the architecture with --arch (see `kdzoo list`)") }
        let spec = try resolver.registry.resolve(archName)
        guard let input = spec.architecture.presentation(of: data.sample) else {
            try spec.architecture.validate(data.sample)
            throw ValidationError("\(spec) cannot read \(data.sample) samples")
        }
        let outputPath = output ?? "runs/\(spec.name).\(data.name).h5"
        try RunFiles.prepareFolder(of: outputPath)
        let session = StudentSession(
            name: spec.name,
            network: try resolver.untrained(spec, input: input, classes: data.classCount, seed: configuration.seed),
            input: input, objective: DistillationObjective(methods: [], labelSmoothing: configuration.labelSmoothing))
        let trainer = try DistillationTrainer(students: [session], teacher: nil, configuration: configuration,
                                              trainData: try data.trainLoader(configuration), testData: try data.evaluationLoader())
        let observer: TrainingObserver = quiet ? SilentObserver() : TerminalObserver(studentNames: [spec.name])
        let history = try trainer.run(checkpoint: resume ?? RunFiles.checkpoint(for: outputPath), resume: resume != nil,
                                      observer: observer)
        let final = history.last!.students[0]
        var saved = SavedModel(spec: spec, network: session.network, input: input, classes: data.dataset.classes)
        saved.metrics = ["top1": final.testTop1, "top5": final.testTop5, "epochs": Double(configuration.epochs)]
        try saved.write(to: outputPath, kdzooVersion: KDZooVersion.string)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(history), as: UTF8.self))
        } else {
            print(String(format: "%@ on %@: top-1 %.2f%%, top-5 %.2f%% after %d epochs\nweights: %@", spec.name, data.name,
                         100 * final.testTop1, 100 * final.testTop5, configuration.epochs, outputPath))
        }
    }
}
