import KDLayers
import KDTensor
import XCTest

/// End to end: a small CNN built from the layers, trained with SGD on generated images,
/// must classify held-out images.
final class CNNTrainingTests: XCTestCase {
    /// 12x12 images of a 7-pixel bar in one of four orientations (the class) at a random
    /// position, plus Gaussian noise.
    private func makeBars(count: Int, using generator: inout SeededGenerator) -> (images: Tensor, labels: [Int]) {
        let size = 12, directions = [(0, 1), (1, 0), (1, 1), (1, -1)]
        let images = Tensor.randomNormal([count, 1, size, size], std: 0.3, using: &generator)
        var labels: [Int] = []
        for sample in 0..<count {
            let label = Int(generator.next() % 4)
            let centreY = 3 + Int(generator.next() % 6), centreX = 3 + Int(generator.next() % 6)
            for offset in -3...3 {
                let (dy, dx) = directions[label]
                images[sample, 0, centreY + offset * dy, centreX + offset * dx] += 1
            }
            labels.append(label)
        }
        return (images, labels)
    }

    func testSmallCNNLearnsOrientedBars() {
        var generator = SeededGenerator(seed: 2024)
        let train = makeBars(count: 480, using: &generator), test = makeBars(count: 200, using: &generator)
        let model = withRandomSeed(1) {
            Sequential {
                Conv2d(inChannels: 1, outChannels: 8, kernelSize: 3, padding: 1, bias: false)
                BatchNorm2d(features: 8)
                ReLU()
                MaxPool2d(kernelSize: 2)
                Conv2d(inChannels: 8, outChannels: 16, kernelSize: 3, padding: 1, bias: false)
                BatchNorm2d(features: 16)
                ReLU()
                AdaptiveAvgPool2d(outputSize: 1)
                Flatten()
                Linear(inFeatures: 16, outFeatures: 4)
            }
        }
        let optimizer = SGD(parameters: model.parameters, learningRate: 0.05, momentum: 0.9, weightDecay: 5e-4)
        let batchSize = 24, epochs = 6
        var order = Array(0..<train.labels.count)
        for _ in 0..<epochs {
            order.shuffle(using: &generator)
            for start in stride(from: 0, to: order.count, by: batchSize) {
                let indices = Array(order[start..<min(start + batchSize, order.count)])
                let loss = crossEntropy(logits: model(train.images.indexSelect(indices, alongAxis: 0)),
                                        labels: indices.map { train.labels[$0] })
                optimizer.zeroGrad()
                loss.backward()
                optimizer.step()
            }
        }

        model.eval()
        let predictions = noGrad { model(test.images).argmax() }
        let accuracy = Float(zip(predictions, test.labels).filter { $0 == $1 }.count) / Float(test.labels.count)
        XCTAssertGreaterThanOrEqual(accuracy, 0.95, "held-out accuracy")
    }
}
