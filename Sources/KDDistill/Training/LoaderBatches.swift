import KDData
import KDZoo

extension BatchLoader: BatchProvider {
    public var isAugmented: Bool { augmentation != nil }

    /// A batch; a split of target token sequences (`y` `[N, L]`) gives a sequence-to-sequence
    /// batch whose decoder runs `L + 1` steps (each sequence then `</s>`).
    public func batch(_ index: Int, epoch: Int) throws -> TrainingBatch {
        let (samples, labels, lengths, rows) = try loadBatch(index, epoch: epoch)
        guard !split.hasClassLabels else {
            return TrainingBatch(inputs: samples, labels: labels, sampleIndices: rows, lengths: lengths)
        }
        return TrainingBatch(inputs: samples, targets: TargetSequences(padded: labels, width: labels.count / rows.count),
                             sampleIndices: rows, lengths: lengths)
    }
}
