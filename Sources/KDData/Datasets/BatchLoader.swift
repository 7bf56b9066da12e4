import KDTensor

/// Batches of one split: seeded shuffling per epoch, normalisation, optional image
/// augmentation and drop-last. A batch is a pure function of (seed, epoch, index), so a
/// resumed run reads exactly the batches an uninterrupted one would.
public final class BatchLoader {
    public let split: DatasetSplit
    public let kind: DatasetKind
    public let batchSize: Int
    public let shuffle: Bool
    public let seed: UInt64
    public let dropLast: Bool
    public let normalization: Normalization?
    public let augmentation: ImageAugmentation?
    private var order: (epoch: Int, rows: [Int])?

    /// A loader over `split` of `dataset`, normalised with the dataset's statistics when it has them.
    public init(dataset: DatasetFile, split: String, batchSize: Int, shuffle: Bool, seed: UInt64 = 0,
                dropLast: Bool = false, augmentation: ImageAugmentation? = nil) throws {
        precondition(batchSize >= 1, "batch size must be positive")
        self.split = try dataset.split(split)
        kind = dataset.kind
        normalization = dataset.normalization
        if augmentation != nil, dataset.kind != .image || self.split.sampleShape.count != 3 {
            throw DataFileError(file: dataset.path, "augmentation needs images [C, H, W], the samples are \(Shape.describe(self.split.sampleShape)) \(dataset.kind)")
        }
        self.batchSize = batchSize
        self.shuffle = shuffle
        self.seed = seed
        self.dropLast = dropLast
        self.augmentation = augmentation
    }

    /// The number of samples in the split.
    public var sampleCount: Int { split.count }

    /// Batches per epoch.
    public var batchCount: Int {
        dropLast ? split.count / batchSize : (split.count + batchSize - 1) / batchSize
    }

    /// The dataset rows of batch `index` in `epoch`.
    public func rows(ofBatch index: Int, epoch: Int) -> [Int] {
        precondition(index >= 0 && index < batchCount, "batch \(index) out of range 0..<\(batchCount)")
        if order?.epoch != epoch {
            var rows = Array(0..<split.count)
            if shuffle {
                var generator = SeededGenerator(seed: seed &+ 0x9E37_79B9 &* UInt64(epoch + 1))
                rows.shuffle(using: &generator)
            }
            order = (epoch, rows)
        }
        let start = index * batchSize
        return Array(order!.rows[start..<min(start + batchSize, split.count)])
    }

    /// Batch `index` of `epoch`: normalised (and augmented) samples, labels, lengths and rows.
    public func loadBatch(_ index: Int, epoch: Int) throws -> (samples: Tensor, labels: [Int], lengths: [Int]?, rows: [Int]) {
        let rows = rows(ofBatch: index, epoch: epoch)
        let (samples, labels, lengths) = try split.read(rows: rows)
        // Augment before normalising, as torchvision does: crop padding is black (0) in
        // pixel space, not the mean.
        if let augmentation {
            var generator = SeededGenerator(seed: seed ^ (UInt64(epoch) << 32 | UInt64(index)))
            augmentation.apply(to: samples, using: &generator)
        }
        normalization?.apply(to: samples, kind: kind)
        return (samples, labels, lengths, rows)
    }
}
