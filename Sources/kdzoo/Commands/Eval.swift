import ArgumentParser
import Foundation
import KDData
import KDDistill
import KDLayers
import KDTensor
import KDZoo

/// `kdzoo eval`: accuracy, the classes a model confuses, and latency.
struct Eval: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Evaluate a trained model on a dataset.")

    @Argument(help: "The model's weights file (.h5).") var model: String
    @Option(help: "Dataset file (HDF5); default: the embedded Fashion-MNIST subset.") var dataset: String?
    @Option(help: "The split to evaluate: test, val or train (default: test, else val).") var split: String?
    @Option(help: "Beam width for sequence-to-sequence models (1: greedy decoding).") var beamWidth = 1
    @Flag(help: "Load the weights non-strictly.") var nonStrict = false
    @Flag(help: "Print the results as JSON.") var json = false

    struct Result: Codable {
        var model: String, dataset: String, split: String, samples: Int
        var top1: Double, top5: Double, latencyMilliseconds: Double
        var perClassAccuracy: [String: Double]
        var mostConfused: [Confusion]
    }

    struct Confusion: Codable {
        var actual: String, predicted: String, count: Int
    }

    func run() throws {
        let resolver = try ModelResolver(strict: !nonStrict)
        let data = try DataContext(path: dataset ?? ZooLocation.defaultDataset)
        let saved = try resolver.load(model)
        guard let input = saved.spec.architecture.presentation(of: data.sample) else {
            throw ValidationError("\(saved.spec) cannot read \(data.name)'s \(data.sample) samples")
        }
        guard saved.classes.count == data.classCount else {
            throw ValidationError("\(model) predicts \(saved.classes.count) classes, \(data.name) has \(data.classCount)")
        }
        let splitName = split ?? data.evaluationSplit
        let loader = try BatchLoader(dataset: data.dataset, split: splitName, batchSize: 256, shuffle: false)
        if let decoder = saved.network as? any SequenceGenerating {
            return try evaluateSequences(decoder, input: input, loader: loader, data: data, split: splitName)
        }
        let classes = data.dataset.classes
        var confusion = [[Int]](repeating: [Int](repeating: 0, count: classes.count), count: classes.count)
        var accuracy = ClassificationAccuracy()
        saved.network.eval()
        for index in 0..<loader.batchCount {
            let batch = try loader.loadBatch(index, epoch: 0)
            let logits = noGrad { saved.network(batch.samples.reshaped(to: [batch.labels.count] + input.shape)).logits }
            accuracy.add(logits: logits, labels: batch.labels)
            for (label, predicted) in zip(batch.labels, logits.argmax()) { confusion[label][predicted] += 1 }
        }
        let perClass = Dictionary(uniqueKeysWithValues: classes.indices.map { c in
            (classes[c], Double(confusion[c][c]) / Double(max(confusion[c].reduce(0, +), 1)))
        })
        let confused = classes.indices.flatMap { a in classes.indices.filter { $0 != a }.map { (a, $0, confusion[a][$0]) } }
            .filter { $0.2 > 0 }.sorted { $0.2 > $1.2 }.prefix(5)
            .map { Confusion(actual: classes[$0.0], predicted: classes[$0.1], count: $0.2) }
        let result = Result(model: model, dataset: data.name, split: splitName, samples: accuracy.samples,
                            top1: accuracy.top1, top5: accuracy.topK,
                            latencyMilliseconds: Evaluation.latencyMilliseconds(of: saved.network, input: input),
                            perClassAccuracy: perClass, mostConfused: Array(confused))
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
            return
        }
        print("\(saved.spec) on \(data.name)/\(splitName) (\(result.samples) samples)")
        print(String(format: "top-1 %.2f%%  top-5 %.2f%%  latency %.2f ms/sample\n", 100 * result.top1, 100 * result.top5,
                     result.latencyMilliseconds))
        var table = TextTable(["class", "accuracy"], rightAligned: [1])
        for name in classes { table.append([name, Quantity.percent(perClass[name]!)]) }
        print(table.render())
        if !confused.isEmpty {
            print("\nmost confused: " + confused.map { "\($0.actual) -> \($0.predicted) (\($0.count))" }.joined(separator: ", "))
        }
    }
}
