/// What `kdzoo data info` reports about a dataset file: its kind, classes, normalisation
/// and, per split, the sample count, sample shape, stored element type and class counts.
public struct DatasetSummary: Codable, Equatable, Sendable {
    /// One split of the file.
    public struct Split: Codable, Equatable, Sendable {
        /// `train`, `val` or `test`.
        public var name: String
        /// The number of examples.
        public var count: Int
        /// The shape of one sample (`[C, H, W]`, `[T, F]`, ...).
        public var sampleShape: [Int]
        /// The stored element type of `x` (`uint8`, `float32`, ...).
        public var storedType: String
        /// Examples per class, by label; empty when `y` holds token sequences.
        public var classCounts: [Int]
        /// Whether the split stores the valid length of each padded sequence.
        public var hasLengths: Bool
    }

    /// The file as the caller named it.
    public var file: String
    public var kind: DatasetKind
    /// Class names by label.
    public var classes: [String]
    /// Normalisation statistics per channel or feature, when stored.
    public var mean: [Float]?
    public var std: [Float]?
    /// The splits present, in `train`, `val`, `test` order.
    public var splits: [Split]
}

extension DatasetFile {
    /// The summary of this file, reading the labels of every split (not the samples).
    public func summary() throws -> DatasetSummary {
        let splitSummaries = try splits.map { name -> DatasetSummary.Split in
            let split = try split(name)
            var counts: [Int] = []
            if split.hasClassLabels {
                let labels = try split.classLabels()
                counts = [Int](repeating: 0, count: max(classes.count, (labels.max() ?? -1) + 1))
                for label in labels where label >= 0 { counts[label] += 1 }
            }
            return DatasetSummary.Split(name: name, count: split.count, sampleShape: split.sampleShape,
                                        storedType: split.x.elementTypeName, classCounts: counts,
                                        hasLengths: split.hasLengths)
        }
        return DatasetSummary(file: path, kind: kind, classes: classes, mean: normalization?.mean, std: normalization?.std,
                              splits: splitSummaries)
    }
}
