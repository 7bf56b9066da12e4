import Foundation
import KDData
import KDTensor
import XCTest

/// A CLI test case that runs each test in a fresh ``StripesRunFolder``.
class StripesCLITestCase: XCTestCase {
    private(set) var scratch: StripesRunFolder!
    var folder: URL { scratch.url }

    override func setUpWithError() throws {
        scratch = try StripesRunFolder()
    }

    override func tearDown() {
        scratch = nil
    }
}

/// A scratch folder for one CLI test, removed with it (kept when `KDZOO_KEEP_TEST_FILES` is
/// set): `zoo/models` for the run's `KDZOO_HOME`, and `stripes.h5` — 1x28x28 images of a bright
/// horizontal or vertical stripe at a random place, with noise; 256 training and 128 test images.
final class StripesRunFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("kdzoo-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url.appendingPathComponent("zoo/models"), withIntermediateDirectories: true)
        try Self.writeStripes(to: url.appendingPathComponent("stripes.h5").path)
    }

    /// Runs `kdzoo` with `arguments` in the folder.
    func kdzoo(_ arguments: String...) throws -> CommandRunner.Result {
        try CommandRunner.run(arguments, in: url)
    }

    deinit {
        if ProcessInfo.processInfo.environment["KDZOO_KEEP_TEST_FILES"] == nil { try? FileManager.default.removeItem(at: url) }
    }

    private static func writeStripes(to path: String) throws {
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
