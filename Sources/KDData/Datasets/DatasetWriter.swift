import KDTensor

/// The contents of one split to be written: samples as float32 or uint8 pixels, labels, and
/// the valid lengths of padded sequences.
public struct DatasetSplitContents {
    public enum Samples {
        /// Any real-valued samples, stored as float32.
        case float(Tensor)
        /// 8-bit pixels `[N, C, H, W]` in row-major order, stored as uint8 and read as `value / 255`.
        case bytes([UInt8], shape: [Int])

        /// `[N, ...]`: the number of samples, then the shape of one.
        public var shape: [Int] {
            switch self {
            case .float(let tensor): tensor.shape
            case .bytes(_, let shape): shape
            }
        }
    }

    public var samples: Samples
    /// One class per sample, or `labelWidth` target tokens per sample.
    public var labels: [Int]
    /// Target tokens per sample for sequence-to-sequence data (labels stored `[N, width]`), else 1.
    public var labelWidth: Int
    public var lengths: [Int]?

    public init(samples: Samples, labels: [Int], labelWidth: Int = 1, lengths: [Int]? = nil) {
        precondition(samples.shape.first.map { $0 * labelWidth == labels.count } ?? false,
                     "\(labels.count) labels for samples of shape \(samples.shape) and label width \(labelWidth)")
        precondition(lengths.map { $0.count == samples.shape[0] } ?? true, "one length per sample")
        self.samples = samples
        self.labels = labels
        self.labelWidth = labelWidth
        self.lengths = lengths
    }
}

extension DatasetFile {
    /// Writes a dataset file atomically, gzip-compressed in row chunks so loaders can read
    /// batches by hyperslab. `splits` are written in order (`train`, `val`, `test`).
    public static func write(to path: String, kind: DatasetKind, classes: [String], normalization: Normalization? = nil,
                             splits: [(name: String, contents: DatasetSplitContents)],
                             attributes: [(name: String, value: String)] = []) throws {
        for (name, _) in splits {
            precondition(splitNames.contains(name), "split name '\(name)' must be one of \(splitNames)")
        }
        try HDF5File.writeAtomically(to: path) { file in
            let root = file.root
            try root.setAttribute("kind", kind.rawValue)
            try root.setAttribute("classes", classes)
            if let normalization {
                try root.setAttribute("mean", normalization.mean.map(Double.init))
                try root.setAttribute("std", normalization.std.map(Double.init))
            }
            for (name, value) in attributes { try root.setAttribute(name, value) }
            for (name, contents) in splits {
                let group = try root.createGroup(name)
                switch contents.samples {
                case .float(let tensor):
                    let layout = HDF5StorageLayout.compressedRows(shape: tensor.shape, elementType: .float32)
                    try group.writeTensor("x", tensor, layout: layout)
                case let .bytes(values, shape):
                    try group.writeDataset("x", values: values, shape: shape,
                                           layout: .compressedRows(shape: shape, elementType: .uint8))
                }
                let labelShape = contents.labelWidth == 1 ? [contents.labels.count] : [contents.labels.count / contents.labelWidth, contents.labelWidth]
                try group.writeDataset("y", values: contents.labels.map(Int64.init), shape: labelShape,
                                       layout: .compressedRows(shape: labelShape, elementType: .int64))
                if let lengths = contents.lengths {
                    try group.writeDataset("lengths", values: lengths.map(Int64.init), shape: [lengths.count])
                }
            }
        }
    }
}
