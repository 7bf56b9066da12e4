import Foundation
import KDData
import KDTensor

/// The CLI tests' dataset: two classes of striped images, learnable in a few epochs.
enum StripesDataset {
    /// 1x28x28 images of a bright horizontal or vertical stripe at a random place, with noise.
    static func write(to path: String) throws {
        var generator = SeededGenerator(seed: 11)
        func split(_ count: Int) -> DatasetSplitContents {
            let x = Tensor(uninitializedShape: [count, 1, 28, 28])
            var labels: [Int] = []
            for n in 0..<count {
                let label = n % 2, at = 4 + Int(generator.next() % 20)
                for i in 0..<28 {
                    for j in 0..<28 {
                        let onStripe = label == 0 ? abs(i - at) <= 1 : abs(j - at) <= 1
                        x[n, 0, i, j] = (onStripe ? 1 : 0) + 0.3 * generator.nextNormal()
                    }
                }
                labels.append(label)
            }
            return DatasetSplitContents(samples: .float(x), labels: labels)
        }
        try DatasetFile.write(to: path, kind: .image, classes: ["horizontal", "vertical"],
                              splits: [("train", split(256)), ("test", split(128))])
    }
}
