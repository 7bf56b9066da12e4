import Foundation
import KDData
import KDDistill
import KDLayers
import KDTensor
import KDZoo

/// A tiny image dataset for end-to-end tests, written to a temporary folder: 1x6x6 images of
/// three classes, each a bright 2x2 blob in its own region of the image (class 0 top left,
/// 1 top right, 2 bottom), jittered by a pixel and over a noisy background.
final class QuadrantImages {
    let folder: URL
    let path: String
    static let classes = ["left", "right", "bottom"]

    init(train: Int = 240, test: Int = 90, seed: UInt64 = 1) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("kdzoo-tree-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("quadrants.h5").path
        var generator = SeededGenerator(seed: seed)
        func split(_ count: Int) -> DatasetSplitContents {
            var pixels: [UInt8] = []
            var labels: [Int] = []
            for i in 0..<count {
                let label = i % 3
                let corner = [(1, 0), (1, 4), (4, 2)][label]
                let (y0, x0) = (corner.0 + Int(generator.next() % 2), corner.1 + Int(generator.next() % 2) - (label == 1 ? 1 : 0))
                for y in 0..<6 {
                    for x in 0..<6 {
                        let inBlob = (y0..<(y0 + 2)).contains(y) && (x0..<(x0 + 2)).contains(x)
                        pixels.append(UInt8(inBlob ? 160 + Int(generator.next() % 90) : Int(generator.next() % 70)))
                    }
                }
                labels.append(label)
            }
            return DatasetSplitContents(samples: .bytes(pixels, shape: [count, 1, 6, 6]), labels: labels)
        }
        try DatasetFile.write(to: path, kind: .image, classes: Self.classes, splits: [("train", split(train)), ("test", split(test))])
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    var dataset: DatasetFile { get throws { try DatasetFile(contentsOf: path) } }
    var input: InputSpec { try! InputSpec(parsing: "1x6x6") }

    /// Every training image once, in order.
    func orderedTrain() throws -> BatchLoader {
        try BatchLoader(dataset: dataset, split: "train", batchSize: 64, shuffle: false)
    }

    /// The training images shifted by up to a pixel, differently in each epoch.
    func shiftedTrain() throws -> BatchLoader {
        try BatchLoader(dataset: dataset, split: "train", batchSize: 64, shuffle: false, seed: 3,
                        augmentation: ImageAugmentation(padding: 1, horizontalFlip: false))
    }

    /// The test split, in order.
    func heldOut() throws -> BatchLoader {
        try BatchLoader(dataset: dataset, split: "test", batchSize: 64, shuffle: false)
    }

    /// A two-layer perceptron trained on the labels for a few epochs.
    func trainedTeacher() throws -> TeacherSession {
        let network = withRandomSeed(5) { SmallPerceptron(features: 36, hidden: 24, classes: 3) }
        let session = StudentSession(name: "mlp", network: network, input: input, objective: .labelsOnly)
        var configuration = TrainingConfiguration()
        configuration.epochs = 8
        configuration.learningRate = 0.1
        let shuffled = try BatchLoader(dataset: dataset, split: "train", batchSize: 32, shuffle: true, seed: 2)
        _ = try DistillationTrainer(students: [session], teacher: nil, configuration: configuration,
                                    trainData: shuffled, testData: heldOut()).run()
        return TeacherSession(name: "mlp", network: network, input: input)
    }
}

/// A perceptron over flattened samples, as a zoo network.
final class SmallPerceptron: Network {
    let fc1: Linear
    let fc2: Linear

    init(features: Int, hidden: Int, classes: Int) {
        fc1 = Linear(inFeatures: features, outFeatures: hidden)
        fc2 = Linear(inFeatures: hidden, outFeatures: classes)
    }

    func forward(_ input: Tensor) -> NetworkOutput {
        let hidden = fc1(input.flattened(from: 1)).relu()
        return NetworkOutput(logits: fc2(hidden), features: [(TapName.stage(1), hidden), (TapName.embedding, hidden)])
    }
}
