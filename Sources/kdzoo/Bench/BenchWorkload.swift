import KDLayers
import KDTensor
import KDZoo

/// The data one benchmark case runs on: a batch of random samples shaped as the architecture's
/// standard input (3x32x32 images with 100 classes for the CIFAR networks, 100 frames of 40
/// features with 10 classes for the LSTMs) and cycling labels.
struct BenchWorkload {
    let input: InputSpec
    let classes: Int
    let samples: Tensor
    let labels: [Int]

    /// The workload of `spec`'s architecture, `batch` samples.
    init(for spec: ModelSpec, batch: Int) throws {
        let data = spec.architecture.defaultInput
        guard data.layout == .image || data.layout == .sequence else {
            throw BenchFailure("bench: \(spec.name) reads \(data.layout) inputs; only image and sequence classifiers are measured")
        }
        try self.init(data: data, classes: spec.architecture.defaultClasses, batch: batch)
    }

    init(data: InputSpec, classes: Int, batch: Int) throws {
        input = data
        self.classes = classes
        var generator = SeededGenerator(seed: 2)
        samples = Tensor.randomNormal([batch] + data.shape, using: &generator)
        labels = (0..<batch).map { $0 % classes }
    }

    /// Samples per second: `img/s` for images, `seq/s` for sequences.
    var unit: String { input.layout == .sequence ? "seq/s" : "img/s" }

    /// `spec`'s network for these samples, its parameters drawn from seed 1.
    func makeNetwork(_ spec: ModelSpec) throws -> any Network {
        guard let presentation = spec.architecture.presentation(of: input) else {
            try spec.architecture.validate(input)
            throw ZooError.unsupportedInput(architecture: spec.name, input: input, reason: "no presentation of it fits")
        }
        guard presentation == input else {
            throw BenchFailure("bench: \(spec.name) reads \(input) only as \(presentation); pair it with a model of the same input")
        }
        return try withRandomSeed(1) { try spec.makeNetwork(input: input, classes: classes) }
    }
}
