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
    @OptionGroup(title: "Fitted models (decision trees)") var fitting: FittingFlags

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
        let network = try resolver.untrained(spec, input: input, classes: data.classCount, seed: configuration.seed)
        let observer: TrainingObserver = quiet ? SilentObserver() : TerminalObserver(studentNames: [spec.name])
        let final: (top1: Double, top5: Double, epochs: Int)
        var history: [EpochSummary] = []
        if let fittable = network as? any FittableNetwork {
            // A tree is fitted to the one-hot labels in one call.
            let samples = try StudentFitting.labelledSamples(of: data.orderedTrainLoader(batchSize: 256), presentedAs: input,
                                                             classes: data.classCount)
            try StudentFitting.fit(fittable, name: spec.name, to: samples,
                                   options: fitting.options(training: configuration, learningRate: training.learningRate),
                                   observer: observer)
            let accuracy = try Evaluation.accuracy(of: network, input: input, on: data.evaluationLoader())
            final = (accuracy.top1, accuracy.topK, fittable.trainsByGradient ? configuration.epochs : 0)
        } else {
            let session = StudentSession(name: spec.name, network: network, input: input,
                                         objective: DistillationObjective(methods: [], labelSmoothing: configuration.labelSmoothing))
            let trainer = try DistillationTrainer(students: [session], teacher: nil, configuration: configuration,
                                                  trainData: try data.trainLoader(configuration), testData: try data.evaluationLoader())
            history = try trainer.run(checkpoint: resume ?? RunFiles.checkpoint(for: outputPath), resume: resume != nil,
                                      observer: observer)
            let last = history.last!.students[0]
            final = (last.testTop1, last.testTop5, configuration.epochs)
        }
        var saved = SavedModel(spec: spec, network: network, input: input, classes: data.dataset.classes)
        saved.metrics = ["top1": final.top1, "top5": final.top5, "epochs": Double(final.epochs)]
        // A sequence-to-sequence model's top-1 is its sequence accuracy (greedy decoding).
        let tokenErrorRate = history.last?.students[0].testTokenErrorRate
        if let tokenErrorRate { saved.metrics["tokenErrorRate"] = tokenErrorRate }
        try saved.write(to: outputPath, kdzooVersion: KDZooVersion.string)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            let body = history.isEmpty ? try encoder.encode(["top1": final.top1, "top5": final.top5]) : try encoder.encode(history)
            print(String(decoding: body, as: UTF8.self))
        } else {
            let how = final.epochs > 0 ? "after \(final.epochs) epochs" : "fitted"
            let figures = tokenErrorRate.map { String(format: "sequence accuracy %.2f%%, token error rate %.2f%% (greedy)", 100 * final.top1, 100 * $0) }
                ?? String(format: "top-1 %.2f%%, top-5 %.2f%%", 100 * final.top1, 100 * final.top5)
            print("\(spec.name) on \(data.name): \(figures) \(how)\nweights: \(outputPath)")
        }
    }
}
