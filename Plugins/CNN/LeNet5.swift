import KDLayers
import KDTensor
import KDZoo

/// LeNet-5 (LeCun et al., 1998) in its modern form: conv5x5(6, padded so 28x28 keeps its size)-ReLU-
/// maxpool2, conv5x5(16)-ReLU-maxpool2, then fully connected 120-84-classes with ReLU.
/// 61,706 parameters on 1x28x28 with 10 classes.
///
/// Taps: `stage1`, `stage2` (after each pool), `embedding` (the 84 ReLU units), `logits`.
public final class LeNet5: Network {
    /// The smallest image side for which the second 5x5 convolution still has room.
    static let smallestSide = 12

    let conv1: Conv2d
    let conv2: Conv2d
    let fc1: Linear
    let fc2: Linear
    let fc3: Linear

    public init(input: InputSpec, classes: Int) {
        conv1 = Conv2d(inChannels: input.shape[0], outChannels: 6, kernelSize: 5, padding: 2)
        conv2 = Conv2d(inChannels: 6, outChannels: 16, kernelSize: 5)
        // Each side: same size, halve, minus 4, halve.
        let (height, width) = ((input.shape[1] / 2 - 4) / 2, (input.shape[2] / 2 - 4) / 2)
        fc1 = Linear(inFeatures: 16 * height * width, outFeatures: 120)
        fc2 = Linear(inFeatures: 120, outFeatures: 84)
        fc3 = Linear(inFeatures: 84, outFeatures: classes)
    }

    public func forward(_ input: Tensor) -> NetworkOutput {
        let stage1 = conv1(input).relu().maxPool2d(kernelSize: 2)
        let stage2 = conv2(stage1).relu().maxPool2d(kernelSize: 2)
        let embedding = fc2(fc1(stage2.flattened(from: 1)).relu()).relu()
        return NetworkOutput(logits: fc3(embedding), features: [
            (TapName.stage(1), stage1), (TapName.stage(2), stage2), (TapName.embedding, embedding),
        ])
    }
}
