import Foundation
import KDData
import XCTest

/// FFTW's planner is not thread-safe: extractors made on many threads at once, for sizes no
/// plan exists for yet, must give exactly what they give one at a time. (Without the planner
/// lock in RealFFT this test crashed in two of three runs.)
final class ConcurrentExtractionTests: XCTestCase {
    func testExtractorsBuiltConcurrentlyMatchSerialOnes() throws {
        let signal = TestAudio.sine(frequency: 700, rate: 16_000, seconds: 0.1)
        // Odd sizes that no other test plans, so every plan is made inside the concurrent block.
        let sizes = [401, 433, 467, 499, 523, 557, 587, 613]
        func configuration(_ size: Int) -> FeatureConfiguration {
            var configuration = FeatureConfiguration()
            configuration.fftSize = size
            configuration.melBandCount = 20
            return configuration
        }
        let concurrent = UnsafeMutableBufferPointer<FeatureMatrix?>.allocate(capacity: sizes.count)
        concurrent.initialize(repeating: nil)
        defer { concurrent.deallocate() }
        DispatchQueue.concurrentPerform(iterations: sizes.count) { index in
            concurrent[index] = try? FeatureExtractor(configuration: configuration(sizes[index])).features(of: signal)
        }
        for (index, size) in sizes.enumerated() {
            let serial = try FeatureExtractor(configuration: configuration(size)).features(of: signal)
            XCTAssertEqual(concurrent[index], serial, "FFT size \(size)")
        }
    }
}
