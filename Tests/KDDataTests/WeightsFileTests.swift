import KDData
import KDTensor
import XCTest

final class WeightsFileTests: XCTestCase {
    static func sampleWeights() -> WeightsFile {
        var generator = SeededGenerator(seed: 7)
        let metadata = WeightsMetadata(architecture: "cnn", variant: "cnn-small", config: #"{"width":8}"#,
                                       input: #"{"kind":"image","shape":[1,8,8]}"#, classes: ["cat", "dog", "emu"],
                                       kdzooVersion: "0.1.0", metrics: #"{"top1":0.91}"#)
        return WeightsFile(metadata: metadata, stateDict: [
            ("conv1.weight", .randomNormal([4, 1, 3, 3], using: &generator)),
            ("conv1.bias", .randomNormal([4], using: &generator)),
            ("bn1.weight", .randomNormal([4], using: &generator)),
            ("bn1.running_mean", .randomNormal([4], using: &generator)),
            ("bn1.num_batches_tracked", Tensor(12)),
            ("fc.weight", .randomNormal([3, 64], using: &generator)),
            ("fc.bias", .zeros([3])),
        ])
    }

    func testWeightsRoundTripWithMetadataAndOrder() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("weights.h5")
        let weights = Self.sampleWeights()
        try weights.write(to: path)
        let read = try WeightsFile(contentsOf: path)
        XCTAssertEqual(read.metadata, weights.metadata)
        XCTAssertEqual(read.stateDict.map(\.path), weights.stateDict.map(\.path))
        for (a, b) in zip(read.stateDict, weights.stateDict) {
            XCTAssertEqual(a.tensor.shape, b.tensor.shape, a.path)
            XCTAssertEqual(a.tensor.scalars, b.tensor.scalars, a.path)
        }
        XCTAssertEqual(try folder.contents(), ["weights.h5"])
    }

    func testMissingStateDictAndArchitectureAreReported() throws {
        let folder = try TemporaryFolder()
        let noGroup = folder.path("a.h5")
        try HDF5File.writeAtomically(to: noGroup) { try $0.root.setAttribute("architecture", "cnn") }
        XCTAssertThrowsMessage("\(noGroup): no group 'state_dict'") { try WeightsFile(contentsOf: noGroup) }

        let noArchitecture = folder.path("b.h5")
        try HDF5File.writeAtomically(to: noArchitecture) { try $0.root.createGroup("state_dict") }
        XCTAssertThrowsMessage("\(noArchitecture): no attribute 'architecture'") { try WeightsFile(contentsOf: noArchitecture) }
    }

    func testMalformedMetadataIsReported() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("c.h5")
        try HDF5File.writeAtomically(to: path) { file in
            try file.root.setAttribute("architecture", "cnn")
            try file.root.setAttribute("config", "{not json")
            try file.root.createGroup("state_dict")
        }
        XCTAssertThrowsMessage("\(path): attribute 'config' is not a JSON object: {not json") {
            try WeightsFile(contentsOf: path)
        }
    }

    func testFloat64TensorIsRefusedByName() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("weights.h5")
        try HDF5File.writeAtomically(to: path) { file in
            try file.root.setAttribute("architecture", "mlp")
            try file.root.createGroup("state_dict").writeDataset("fc.weight", values: [Double](repeating: 0, count: 4),
                                                                 shape: [2, 2])
        }
        XCTAssertThrowsMessage("\(path): dataset 'state_dict/fc.weight' is float64, expected float32") {
            try WeightsFile(contentsOf: path)
        }
    }
}
