@testable import KDTensor
import XCTest

/// Activation-sized storage is reused by size class and its idle blocks stay bounded.
final class LargeBlocksTests: XCTestCase {
    func testAFreedTensorBlockServesTheNextRequestOfItsSizeClass() {
        let count = 3 << 18  // 3 MB of floats
        var first: TensorStorage? = TensorStorage(uninitializedCount: count)
        let address = first!.pointer
        first = nil
        // A slightly smaller request falls in the same class.
        let second = TensorStorage(count: count - 1000, repeating: 1)
        XCTAssertEqual(second.pointer, address, "the freed block was not reused")
        XCTAssertEqual(second.pointer[count - 1001], 1)
    }

    func testIdleBlocksStayWithinAQuarterOfTheLivePeak() {
        // Ever larger blocks, one live at a time: keeping every freed one would map 55 MB.
        let blocks = LargeBlocks()
        var peak = 0
        for megabytes in 1...10 {
            let bytes = megabytes << 20
            let block = blocks.allocate(bytes)
            peak = max(peak, LargeBlocks.sizeClass(bytes))
            XCTAssertLessThanOrEqual(blocks.mappedBytes, peak + peak / 4, "idle blocks not bounded at \(megabytes) MB")
            blocks.release(block, bytes: bytes)
        }
    }

    func testSizeClassesRoundUpByAtMostAnEighth() {
        for bytes in [1 << 20, (1 << 20) + 1, 3 << 20, 5_000_000, 16_777_216 + 12_345] {
            let rounded = LargeBlocks.sizeClass(bytes)
            XCTAssertGreaterThanOrEqual(rounded, bytes)
            XCTAssertLessThanOrEqual(rounded, bytes + bytes / 8 + 4096, "\(bytes)")
            XCTAssertEqual(rounded % 4096, 0)
        }
    }
}
