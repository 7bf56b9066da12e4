import KDLayers
import KDTensor
import KDZoo

/// A random batch a network of some task can read, with the context and labels that task
/// needs: padded sequences carry lengths (the last samples shorter), token samples are padded
/// past their length, and sequence-to-sequence batches carry target sequences to teacher-force.
struct ConformanceBatch {
    let samples: Tensor
    let context: BatchContext
    /// One class per sample, or for sequence-to-sequence one target id per decoder step (row-major).
    let labels: [Int]
    /// The logits shape a network must return.
    let logitsShape: [Int]

    init(task: Task, input: InputSpec, classes: Int, count: Int, seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        let samples = input.randomBatch(count, using: &generator)
        var lengths: [Int]?
        if input.layout == .sequence || input.layout == .tokens {
            let steps = input.shape[0]
            let valid = (0..<count).map { max(1, steps - $0 % 3) }
            if input.layout == .tokens {
                for (n, length) in valid.enumerated() {
                    (samples.pointer + n * steps + length).update(repeating: Float(SpecialToken.padding), count: steps - length)
                }
            }
            lengths = valid
        }
        self.samples = samples
        if task.isClassification {
            // Every one of three classes appears in each run of four samples.
            labels = (0..<count).map { [0, 1, 2, 1][$0 % 4] % classes }
            context = BatchContext(lengths: task == .imageClassification ? nil : lengths)
            logitsShape = [count, classes]
        } else {
            let ordinary = SpecialToken.unknown..<classes
            let targets = TargetSequences((0..<count).map { n in
                (0..<(1 + n % 3)).map { _ in Int.random(in: ordinary, using: &generator) }
            }, steps: 4)
            labels = targets.decoderTargets
            context = BatchContext(lengths: lengths, targets: targets)
            logitsShape = [count, targets.steps, classes]
        }
    }

    func run(_ network: any Network) -> NetworkOutput {
        network.forward(samples, context: context)
    }

    /// The cross-entropy of `output` on the labels (padding steps ignored).
    func loss(of output: NetworkOutput) -> Tensor {
        let classes = output.logits.shape.last!
        return context.targets == nil
            ? crossEntropy(logits: output.logits, labels: labels)
            : crossEntropy(logits: output.logits.reshaped(to: [labels.count, classes]), labels: labels,
                           ignoreIndex: SpecialToken.padding)
    }
}
