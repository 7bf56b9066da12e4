import KDData

extension BatchLoader: BatchProvider {
    public var isAugmented: Bool { augmentation != nil }

    public func batch(_ index: Int, epoch: Int) throws -> TrainingBatch {
        let (samples, labels, lengths, rows) = try loadBatch(index, epoch: epoch)
        return TrainingBatch(inputs: samples, labels: labels, sampleIndices: rows, lengths: lengths)
    }
}
