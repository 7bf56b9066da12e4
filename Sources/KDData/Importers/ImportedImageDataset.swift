import KDTensor

/// An image dataset read by an importer (IDX, CIFAR, UCI digits), ready to write as a
/// ``DatasetFile`` of kind `image`.
public struct ImportedImageDataset {
    /// Class names by label.
    public var classes: [String]
    /// The splits in file order (`train`, then `test`); samples are `[N, C, H, W]`.
    public var splits: [(name: String, contents: DatasetSplitContents)]

    /// A dataset of `classes` and `splits` (samples `[N, C, H, W]`).
    public init(classes: [String], splits: [(name: String, contents: DatasetSplitContents)]) {
        self.classes = classes
        self.splits = splits
    }

    /// Per-channel statistics of the `train` split (pixels scaled as the loader reads them),
    /// stored with the file for normalisation.
    public func trainingStatistics() -> Normalization? {
        guard let train = splits.first(where: { $0.name == "train" })?.contents.samples else { return nil }
        return Normalization(channelStatisticsOf: train)
    }

    /// Writes the dataset file atomically, with the training statistics as `mean`/`std`.
    public func write(to path: String) throws {
        try DatasetFile.write(to: path, kind: .image, classes: classes, normalization: trainingStatistics(), splits: splits)
    }

    /// The number of examples of each class in each split.
    public func classCounts() -> [(split: String, counts: [Int])] {
        splits.map { split in
            var counts = [Int](repeating: 0, count: classes.count)
            for label in split.contents.labels { counts[label] += 1 }
            return (split.name, counts)
        }
    }
}

extension Normalization {
    /// The mean and standard deviation of each channel (axis 1) of `[N, C, H, W]` samples,
    /// with uint8 pixels scaled by 1/255 as ``DatasetSplit`` reads them.
    public init(channelStatisticsOf samples: DatasetSplitContents.Samples) {
        switch samples {
        case .float(let tensor):
            self = Self.channelStatistics(UnsafeBufferPointer(tensor.storage.buffer), shape: tensor.shape, scale: 1) { Double($0) }
        case let .bytes(values, shape):
            self = values.withUnsafeBufferPointer { Self.channelStatistics($0, shape: shape, scale: 1 / 255) { Double($0) } }
        }
    }

    private static func channelStatistics<Element>(_ values: UnsafeBufferPointer<Element>, shape: [Int], scale: Double,
                                                   convert: (Element) -> Double) -> Normalization {
        precondition(shape.count == 4, "channel statistics need [N, C, H, W] samples, got \(shape)")
        let (n, c, plane) = (shape[0], shape[1], shape[2] * shape[3])
        var mean = [Float](), std = [Float]()
        for channel in 0..<c {
            var sum = 0.0, sumOfSquares = 0.0
            for sample in 0..<n {
                let base = (sample * c + channel) * plane
                for i in base..<(base + plane) {
                    let value = convert(values[i]) * scale
                    sum += value
                    sumOfSquares += value * value
                }
            }
            let count = Double(max(n * plane, 1))
            let m = sum / count
            mean.append(Float(m))
            // Never zero: the loader divides by it (a constant channel stays constant).
            std.append(Float(max((sumOfSquares / count - m * m).squareRoot(), 1e-6)))
        }
        return Normalization(mean: mean, std: std)
    }
}
