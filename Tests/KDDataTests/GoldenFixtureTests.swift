import Foundation
import KDData
import KDLayers
import KDTensor
import KDTestSupport
import XCTest

/// kdzoo's layers reproduce PyTorch's logits from weights exported by `tools/torch_to_h5.py`
/// (see Fixtures/README.md).
final class GoldenFixtureTests: XCTestCase {
    /// The network of `tools/make_golden_fixture.py`, with the same module paths.
    final class GoldenCNN: Layer {
        let features = Sequential {
            Conv2d(inChannels: 1, outChannels: 8, kernelSize: 3, padding: 1)
            BatchNorm2d(features: 8)
            ReLU()
            MaxPool2d(kernelSize: 2)
            Conv2d(inChannels: 8, outChannels: 16, kernelSize: 3, padding: 1, bias: false)
            BatchNorm2d(features: 16)
            ReLU()
            AvgPool2d(kernelSize: 2)
        }
        let classifier = Sequential {
            Flatten()
            Linear(inFeatures: 16 * 7 * 7, outFeatures: 10)
        }

        func callAsFunction(_ input: Tensor) -> Tensor { classifier(features(input)) }
    }

    private func fixture(_ name: String) throws -> String {
        try XCTUnwrap(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil)).path
    }

    func testKDZooReproducesPyTorchLogits() throws {
        let model = GoldenCNN()
        let (metadata, _) = try model.loadWeights(from: fixture("golden_cnn_weights.h5"))
        XCTAssertEqual(metadata.architecture, "golden-cnn")
        XCTAssertEqual(metadata.classes.count, 10)
        XCTAssertEqual(model.features.layers[1].namedBuffers.first { $0.path == "num_batches_tracked" }?.tensor.item, 400)

        let io = try HDF5File.open(fixture("golden_cnn_io.h5"))
        let x = try io.root.dataset("x").readTensor()
        let expected = try io.root.dataset("logits").readTensor()
        model.eval()
        let logits = noGrad { model(x) }
        XCTAssertEqual(logits.shape, [8, 10])
        XCTAssertClose(logits, expected, tolerance: 1e-4)
    }

    func testStrictLoadingNamesTheFileAndEveryMismatch() throws {
        final class Wrong: Module {
            let features = Sequential { Conv2d(inChannels: 1, outChannels: 4, kernelSize: 3, padding: 1) }
            let head = Linear(inFeatures: 2, outFeatures: 2)
        }
        let path = try fixture("golden_cnn_weights.h5")
        let model = Wrong()
        let before = model.stateDict().map { $0.tensor.scalars }
        do {
            try model.loadWeights(from: path)
            XCTFail("a mismatched model loaded strictly")
        } catch {
            let message = String(describing: error)
            XCTAssertTrue(message.hasPrefix("\(path): state dict does not match the model: missing head.weight, head.bias; "
                + "unexpected features.1.weight"), message)
            XCTAssertTrue(message.contains("wrong shape features.0.weight (model 4x1x3x3, state dict 8x1x3x3)"),
                          message)
            XCTAssertFalse(message.contains("\n"))
        }
        XCTAssertEqual(model.stateDict().map { $0.tensor.scalars }, before, "a failed strict load must change nothing")

        let (_, mismatch) = try model.loadWeights(from: path, strict: false)
        XCTAssertEqual(mismatch.missing, ["head.weight", "head.bias"])
    }

    func testSavedModelWeightsLoadBackIntoAFreshModel() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("saved.h5")
        let source = GoldenCNN()
        try source.loadWeights(from: fixture("golden_cnn_weights.h5"))
        try source.saveWeights(to: path, metadata: WeightsMetadata(architecture: "golden-cnn", kdzooVersion: "test"))
        let copy = GoldenCNN()
        try copy.loadWeights(from: path)
        XCTAssertEqual(copy.stateDict().map(\.path), source.stateDict().map(\.path))
        for (a, b) in zip(copy.stateDict(), source.stateDict()) { XCTAssertEqual(a.tensor.scalars, b.tensor.scalars, a.path) }
    }
}
