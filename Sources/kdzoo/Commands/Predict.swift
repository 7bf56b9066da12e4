import ArgumentParser
import Foundation
import KDData
import KDDistill
import KDTensor
import KDZoo

/// `kdzoo predict`: batch inference into an HDF5 file of logits and probabilities.
struct Predict: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a model over a dataset split and write its logits and probabilities.",
        discussion: "Example: kdzoo predict student.h5 --input data.h5 --path test/x -o predictions.h5")

    @Argument(help: "The model's weights file (.h5).") var model: String
    @Option(help: "A dataset file (HDF5) holding the samples.") var input: String
    @Option(help: "The samples inside it, as <split>/x.") var path = "test/x"
    @Option(name: .shortAndLong, help: "Where to write logits, probabilities and predicted classes (.h5).") var output: String?
    @Option(help: "Samples per forward pass.") var batchSize = 256
    @Flag(help: "Print the first --limit predictions as JSON instead of (or as well as) writing them.") var json = false
    @Option(help: "How many predictions --json prints.") var limit = 5
    @Flag(help: "Load the weights non-strictly.") var nonStrict = false

    func run() throws {
        guard output != nil || json else { throw ValidationError("give -o OUT.h5, --json, or both") }
        let parts = path.split(separator: "/")
        guard parts.count == 2, parts[1] == "x" else {
            throw ValidationError("--path must be <split>/x (e.g. test/x), got '\(path)'")
        }
        let data = try DataContext(path: input)
        let saved = try ModelResolver(strict: !nonStrict).load(model)
        guard let shape = saved.spec.architecture.presentation(of: data.sample)?.shape else {
            throw ValidationError("\(saved.spec) cannot read \(data.name)'s \(data.sample) samples")
        }
        guard !(saved.network is any SequenceGenerating) else {
            throw ValidationError("\(saved.spec) writes token sequences, not class probabilities: decode and score it with `kdzoo eval \(model) --dataset \(input) --beam-width 5`")
        }
        let loader = try BatchLoader(dataset: data.dataset, split: String(parts[0]), batchSize: batchSize, shuffle: false)
        let classes = saved.classes.count
        let logits = Tensor(uninitializedShape: [loader.sampleCount, classes])
        saved.network.eval()
        for index in 0..<loader.batchCount {
            let batch = try loader.loadBatch(index, epoch: 0)
            let out = noGrad { saved.network(batch.samples.reshaped(to: [batch.labels.count] + shape)).logits }
            (logits.pointer + batch.rows[0] * classes).update(from: out.pointer, count: out.count)
        }
        let probabilities = noGrad { logits.softmax(alongAxis: -1) }
        let predicted = probabilities.argmax()
        if let output {
            try HDF5File.writeAtomically(to: output) { file in
                try file.root.setAttribute("model", model)
                try file.root.setAttribute("classes", saved.classes)
                try file.root.writeTensor("logits", logits)
                try file.root.writeTensor("probabilities", probabilities)
                try file.root.writeDataset("predicted", values: predicted.map(Int64.init), shape: [predicted.count])
            }
        }
        if json {
            let rows = (0..<min(limit, predicted.count)).map { i -> [String: Any] in
                ["index": i, "predicted": saved.classes[predicted[i]],
                 "probabilities": Dictionary(uniqueKeysWithValues: saved.classes.indices.map {
                     (saved.classes[$0], Double(probabilities[i, $0])) })]
            }
            let text = try JSONSerialization.data(withJSONObject: rows, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: text, as: UTF8.self))
        } else if let output {
            print("\(predicted.count) predictions of \(saved.spec) written to \(output)")
        }
    }
}
