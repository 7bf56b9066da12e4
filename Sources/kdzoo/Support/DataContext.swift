import Foundation
import KDData
import KDDistill
import KDZoo

/// An opened dataset as a run uses it: its sample spec for the zoo's compatibility check,
/// the split it is evaluated on, and loaders built from a training configuration.
struct DataContext {
    let path: String
    let dataset: DatasetFile
    /// One sample as the zoo sees it (image `[C, H, W]`, sequence `[T, F]`, tokens `[T]`).
    let sample: InputSpec
    /// `test` when present, else `val`.
    let evaluationSplit: String

    init(path: String) throws {
        self.path = path
        dataset = try DatasetFile(contentsOf: path)
        sample = try InputSpec(sampleOf: dataset)
        guard dataset.splits.contains("train") else {
            throw DataFileError(file: path, "no 'train' split to train on (the file has \(dataset.splits.joined(separator: ", ")))")
        }
        guard let evaluation = ["test", "val"].first(where: dataset.splits.contains) else {
            throw DataFileError(file: path, "no 'test' or 'val' split to evaluate on")
        }
        evaluationSplit = evaluation
        guard !dataset.classes.isEmpty else {
            throw DataFileError(file: path, "attribute 'classes' is empty: the number of classes is unknown")
        }
    }

    var classCount: Int { dataset.classes.count }

    /// The file name without folder and extension, e.g. `fashion-mnist-small`.
    var name: String { URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent }

    /// Shuffled (and optionally augmented) training batches.
    func trainLoader(_ configuration: TrainingConfiguration) throws -> BatchLoader {
        try BatchLoader(dataset: dataset, split: "train", batchSize: configuration.batchSize, shuffle: true,
                        seed: configuration.seed, augmentation: configuration.augment && dataset.kind == .image ? ImageAugmentation() : nil)
    }

    /// Every training sample once, in order: the source of the teacher-output cache.
    func orderedTrainLoader(batchSize: Int) throws -> BatchLoader {
        try BatchLoader(dataset: dataset, split: "train", batchSize: batchSize, shuffle: false)
    }

    /// Every training image once, in order, shifted by up to `shift` pixels (no flips), differently
    /// in every epoch: the augmented copies a fitted student's transfer set adds.
    func shiftedTrainLoader(shift: Int, seed: UInt64) throws -> BatchLoader {
        try BatchLoader(dataset: dataset, split: "train", batchSize: 256, shuffle: false, seed: seed,
                        augmentation: ImageAugmentation(padding: shift, horizontalFlip: false))
    }

    /// The evaluation split in order.
    func evaluationLoader(batchSize: Int = 256) throws -> BatchLoader {
        try BatchLoader(dataset: dataset, split: evaluationSplit, batchSize: batchSize, shuffle: false)
    }

    /// A string that changes whenever the file does, for cache keys.
    var identity: String {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let size = (attributes?[.size] as? NSNumber)?.intValue ?? 0
        let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return "\(URL(fileURLWithPath: path).standardizedFileURL.path)|\(size)|\(modified)"
    }
}
