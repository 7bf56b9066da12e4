import KDTensor
import KDZoo

/// The samples a fitted student learns from, with the teacher's logits for each: the training
/// samples in dataset order, then any augmented copies (copy after copy, each in dataset order).
public struct TransferSet {
    /// `[N] + sample shape`, as stored in the dataset.
    public let inputs: Tensor
    /// The dataset label of each sample (a copy keeps its original's).
    public let labels: [Int]
    /// `[N, classes]`.
    public let teacherLogits: Tensor
    /// The number of training samples; the rest of the set are augmented copies.
    public let originalCount: Int

    public var count: Int { labels.count }
    public var classCount: Int { teacherLogits.shape[1] }

    /// The targets of a distilled student: `alpha · softmax(teacher / temperature) + (1 − alpha) · one-hot`.
    public func targets(temperature: Float, alpha: Float) -> Tensor {
        let soft = noGrad { (teacherLogits * (1 / temperature)).softmax(alongAxis: 1) }
        let classes = classCount
        let targets = Tensor(uninitializedShape: soft.shape)
        for row in 0..<count {
            for c in 0..<classes {
                let hard: Float = labels[row] == c ? 1 : 0
                targets.pointer[row * classes + c] = alpha * soft.pointer[row * classes + c] + (1 - alpha) * hard
            }
        }
        return targets
    }

    /// The training samples alone with their one-hot labels: what a student fits without a teacher.
    public func originalsWithLabels(presentedAs input: InputSpec) -> FittingData {
        let originals = inputs.slice(alongAxis: 0, 0..<originalCount)
        return .oneHot(inputs: originals.reshaped(to: [originalCount] + input.shape),
                       labels: Array(labels[0..<originalCount]), classes: classCount)
    }
}

extension TransferSet {
    /// Gathers every sample of `train` (each exactly once) and `copies` passes of `augmented`
    /// (epochs `0..<copies`), with the teacher's logits: read from `cache` for the training
    /// samples when given, computed for the copies.
    static func gather(teacher: TeacherSession, train: BatchProvider, augmented: BatchProvider?, copies: Int,
                       cache: TeacherCache?, observer: TrainingObserver) throws -> TransferSet {
        let n = train.sampleCount
        var parts: [(provider: BatchProvider, epoch: Int, cached: Bool)] = [(train, 0, cache != nil)]
        if copies > 0 {
            guard let augmented else {
                throw TrainingError.invalidConfiguration("copies: \(copies) augmented copies need augmented training data")
            }
            guard augmented.sampleCount == n else {
                throw TrainingError.invalidConfiguration("copies: the augmented data has \(augmented.sampleCount) samples, the training data \(n)")
            }
            parts += (0..<copies).map { (augmented, $0, false) }
        }
        if let cache { try cache.prepare(observer: observer) }
        let first = try train.batch(0, epoch: 0)
        let sampleShape = Array(first.inputs.shape.dropFirst())
        let perSample = Shape.count(sampleShape)
        let total = n * parts.count
        let inputs = Tensor(uninitializedShape: [total] + sampleShape)
        var labels = [Int](repeating: -1, count: total)
        var logits: Tensor?
        observer.phaseDidStart("labelling \(total) samples with \(teacher.name)", total: parts.count * train.batchCount)
        var done = 0
        for (part, (provider, epoch, cached)) in parts.enumerated() {
            for index in 0..<provider.batchCount {
                let batch = try provider.batch(index, epoch: epoch)
                let batchLogits = cached ? try cache!.outputs(for: batch.sampleIndices).logits : teacher.outputs(for: batch.inputs).logits
                let classes = batchLogits.shape[1]
                let target = logits ?? Tensor.zeros([total, classes])
                logits = target
                for (row, sample) in batch.sampleIndices.enumerated() {
                    let slot = part * n + sample
                    (inputs.pointer + slot * perSample).update(from: batch.inputs.pointer + row * perSample, count: perSample)
                    (target.pointer + slot * classes).update(from: batchLogits.pointer + row * classes, count: classes)
                    labels[slot] = batch.labels[row]
                }
                done += 1
                observer.phaseDidProgress(completed: done)
            }
        }
        if let missing = labels.firstIndex(of: -1) {
            throw TrainingError.invalidConfiguration("transfer set: sample \(missing % n) was never visited; the training data must visit every sample once")
        }
        return TransferSet(inputs: inputs, labels: labels, teacherLogits: logits!, originalCount: n)
    }
}
