import KDTensor

extension DatasetSplit {
    /// The stored contents of `rows`, in that order: uint8 pixels stay bytes, other samples
    /// become float32; labels, label width and lengths come along.
    public func contents(rows: [Int]) throws -> DatasetSplitContents {
        let (samples, labels, lengths) = try read(rows: rows)
        let labelWidth = hasClassLabels ? 1 : labels.count / max(rows.count, 1)
        guard x.elementType == .uint8 else {
            return DatasetSplitContents(samples: .float(samples), labels: labels, labelWidth: labelWidth, lengths: lengths)
        }
        var bytes = [UInt8](repeating: 0, count: samples.count)
        try bytes.withUnsafeMutableBufferPointer { try x.readRows(at: rows, into: $0.baseAddress!) }
        return DatasetSplitContents(samples: .bytes(bytes, shape: samples.shape), labels: labels, labelWidth: labelWidth,
                                    lengths: lengths)
    }

    /// `count` rows chosen with a seed, ascending; with class labels every class keeps its
    /// share (stratified, rounded per class, so the total can differ from `count` by a few).
    public func subsetRows(count wanted: Int, seed: UInt64) throws -> [Int] {
        guard wanted <= count else {
            throw DataFileError(file: x.file.path, "split '\(name)' has \(count) examples, cannot take \(wanted)")
        }
        let fraction = count == 0 ? 0 : Double(wanted) / Double(count)
        if hasClassLabels {
            let chosen = TrainTestSplit.stratified(classes: try classLabels(), testFraction: fraction, seed: seed)
            return chosen.indices.filter { chosen[$0] }
        }
        var generator = SeededGenerator(seed: seed)
        var rows = Array(0..<count)
        rows.shuffle(using: &generator)
        return rows.prefix(wanted).sorted()
    }
}

extension DatasetFile {
    /// Writes a smaller copy of this dataset to `path` (atomically): for each split named in
    /// `counts`, a seeded stratified subset of that size (``DatasetSplit/subsetRows(count:seed:)``);
    /// other splits are copied whole. Image statistics are recomputed on the new `train` split;
    /// other string attributes of the root (e.g. a feature configuration) are copied.
    public func writeSubset(to path: String, counts: [String: Int], seed: UInt64) throws {
        for name in counts.keys where !splits.contains(name) {
            throw DataFileError(file: self.path, "no split '\(name)' (the file has \(splits.joined(separator: ", ")))")
        }
        let contents = try splits.map { name -> (name: String, contents: DatasetSplitContents) in
            let split = try split(name)
            let rows = try counts[name].map { try split.subsetRows(count: $0, seed: seed) } ?? Array(0..<split.count)
            return (name, try split.contents(rows: rows))
        }
        var statistics = normalization
        if kind == .image, let train = contents.first(where: { $0.name == "train" }), train.contents.samples.shape.count == 4 {
            statistics = Normalization(channelStatisticsOf: train.contents.samples)
        }
        try DatasetFile.write(to: path, kind: kind, classes: classes, normalization: statistics, splits: contents,
                              attributes: try extraStringAttributes())
    }
}
