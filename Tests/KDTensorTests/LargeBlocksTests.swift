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

    func testIdleBlocksStayWithinTwiceTheLivePeak() {
        // Ever larger blocks, one live at a time: keeping every freed one would map 55 MB.
        let blocks = LargeBlocks()
        var peak = 0
        for megabytes in 1...10 {
            let (block, size) = blocks.allocate(megabytes << 20)
            peak = max(peak, size)
            XCTAssertLessThanOrEqual(blocks.mappedBytes, LargeBlocks.idleLimit(peakLive: peak),
                                     "idle blocks not bounded at \(megabytes) MB")
            blocks.release(block, size: size)
        }
        XCTAssertLessThan(LargeBlocks.idleLimit(peakLive: peak), 55 << 20)
    }

    func testASmallerRequestReusesAnIdleBlockOfUpToTwiceItsSize() {
        let blocks = LargeBlocks()
        let (large, largeSize) = blocks.allocate(6 << 20)
        blocks.release(large, size: largeSize)
        let (half, halfSize) = blocks.allocate(3 << 20)
        XCTAssertEqual(half, large, "a 3 MB request did not reuse the idle 6 MB block")
        XCTAssertEqual(halfSize, largeSize, "the block's own size must come back for release")
        blocks.release(half, size: halfSize)
        let (small, smallSize) = blocks.allocate((2 << 20) + (1 << 19))
        XCTAssertNotEqual(small, large, "a 2.5 MB request took a block of more than twice its size")
        blocks.release(small, size: smallSize)
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
