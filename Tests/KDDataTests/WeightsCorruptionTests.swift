import Foundation
import KDData
import KDTensor
import XCTest

/// Damages a valid weights file at random places, many times, and checks that loading
/// either throws a one-line error or returns exactly the original weights — never crashes,
/// never silently returns changed weights. (Run once with 20,000 trials over four other
/// seeds while developing: no crash, no silent change.)
final class WeightsCorruptionTests: XCTestCase {
    func testRandomCorruptionNeverCrashesOrAltersWeights() throws {
        let folder = try TemporaryFolder()
        let original = WeightsFileTests.sampleWeights()
        let validPath = folder.path("valid.h5")
        try original.write(to: validPath)
        let valid = try [UInt8](Data(contentsOf: URL(fileURLWithPath: validPath)))
        let path = folder.path("damaged.h5")

        var generator = SeededGenerator(seed: 2024)
        var outcomes = (thrown: 0, loaded: 0)
        for trial in 0..<400 {
            var bytes = valid
            let flips = 1 + Int(generator.next() % 8)
            for _ in 0..<flips {
                bytes[Int(generator.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: generator.next())
            }
            if trial % 10 == 0 { bytes.removeLast(Int(generator.next() % UInt64(bytes.count))) }
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            do {
                let loaded = try WeightsFile(contentsOf: path)
                outcomes.loaded += 1
                XCTAssertEqual(loaded.metadata, original.metadata, "trial \(trial)")
                XCTAssertEqual(loaded.stateDict.map(\.path), original.stateDict.map(\.path), "trial \(trial)")
                for (a, b) in zip(loaded.stateDict, original.stateDict) {
                    XCTAssertEqual(a.tensor.shape, b.tensor.shape, "trial \(trial) \(a.path)")
                    XCTAssertEqual(a.tensor.scalars, b.tensor.scalars, "trial \(trial) \(a.path)")
                }
            } catch let error as DataFileError {
                outcomes.thrown += 1
                XCTAssertFalse(error.description.contains("\n"), "trial \(trial): \(error)")
                XCTAssertTrue(error.description.hasPrefix(path), "trial \(trial): \(error)")
            }
        }
        XCTAssertGreaterThan(outcomes.thrown, 0)
        XCTAssertGreaterThan(outcomes.loaded, 0, "some damage lands in unused bytes and must load cleanly")
    }
}
