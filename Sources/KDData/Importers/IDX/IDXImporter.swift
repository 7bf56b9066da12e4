import Foundation

/// Imports MNIST-style IDX files (MNIST, Fashion-MNIST; gzip-compressed or not) as an
/// image dataset: `[N, 1, H, W]` uint8 pixels and one label per image.
public enum IDXImporter {
    /// The image and label files of one split.
    public struct SplitFiles: Equatable {
        /// The `*-images-idx3-ubyte[.gz]` file.
        public var images: String
        /// The `*-labels-idx1-ubyte[.gz]` file.
        public var labels: String

        /// The files of one split.
        public init(images: String, labels: String) {
            self.images = images
            self.labels = labels
        }
    }

    /// Fashion-MNIST's class names, by label.
    public static let fashionMNISTClasses = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
                                             "Sneaker", "Bag", "Ankle boot"]
    /// MNIST's class names (the digits), by label.
    public static let mnistClasses = (0..<10).map(String.init)

    /// The standard files in `folder`: `train-images-idx3-ubyte`, `train-labels-idx1-ubyte`,
    /// `t10k-images-idx3-ubyte`, `t10k-labels-idx1-ubyte`, each optionally ending in `.gz`.
    /// The `t10k` files become the `test` split.
    public static func splitFiles(in folder: String) throws -> [(name: String, files: SplitFiles)] {
        func find(_ stem: String) throws -> String {
            for name in [stem, stem + ".gz"] {
                let path = URL(fileURLWithPath: folder).appendingPathComponent(name).path
                if FileManager.default.fileExists(atPath: path) { return path }
            }
            throw DataFileError(file: folder, "has no \(stem) or \(stem).gz")
        }
        return [
            ("train", SplitFiles(images: try find("train-images-idx3-ubyte"), labels: try find("train-labels-idx1-ubyte"))),
            ("test", SplitFiles(images: try find("t10k-images-idx3-ubyte"), labels: try find("t10k-labels-idx1-ubyte"))),
        ]
    }

    /// Reads each split's images and labels.
    ///
    /// - Parameter classes: the class names; labels must lie below their count.
    /// - Throws: ``DataFileError`` naming the file at fault for malformed IDX data, an image
    ///   file that is not `[N, H, W]`, a label file that is not `[N]`, differing counts, or a
    ///   label outside the classes.
    public static func importSplits(_ splits: [(name: String, files: SplitFiles)],
                                    classes: [String]) throws -> ImportedImageDataset {
        let contents = try splits.map { name, files in
            let images = try IDXArray(contentsOf: files.images)
            try images.expect(rank: 3, what: "images [N, H, W]", file: files.images)
            let labels = try IDXArray(contentsOf: files.labels)
            try labels.expect(rank: 1, what: "labels [N]", file: files.labels)
            guard images.shape[0] == labels.shape[0] else {
                throw DataFileError(file: files.labels, "holds \(labels.shape[0]) labels but \(files.images) holds \(images.shape[0]) images")
            }
            if let index = labels.bytes.firstIndex(where: { Int($0) >= classes.count }) {
                throw DataFileError(file: files.labels, "label \(labels.bytes[index]) of image \(index) is outside the \(classes.count) classes")
            }
            let shape = [images.shape[0], 1, images.shape[1], images.shape[2]]
            return (name, DatasetSplitContents(samples: .bytes(images.bytes, shape: shape), labels: labels.bytes.map(Int.init)))
        }
        return ImportedImageDataset(classes: classes, splits: contents)
    }
}
