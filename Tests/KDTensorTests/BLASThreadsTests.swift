import CBLAS
import Foundation
import KDTensor
import XCTest

/// The OpenBLAS thread pool restarted with a short spin timeout still computes products.
final class BLASThreadsTests: XCTestCase {
    func testIdleThreadsSleepSoonAndTheRestartedPoolStillMultiplies() throws {
        var generator = SeededGenerator(seed: 3)
        let a = Tensor.randomNormal([384, 256], using: &generator), b = Tensor.randomNormal([256, 320], using: &generator)
        let single = withSingleThreadedBLAS { a.matmul(b) }
        let setByEnvironment = getenv("OPENBLAS_THREAD_TIMEOUT") != nil
        XCTAssertEqual(letIdleBLASThreadsSleep(), !setByEnvironment)
        XCTAssertFalse(letIdleBLASThreadsSleep(), "a second call must leave the pool alone")
        if !setByEnvironment {
            let timeout = try XCTUnwrap(dlsym(UnsafeMutableRawPointer(bitPattern: 0), "openblas_thread_timeout"))
            XCTAssertEqual(unsafeBitCast(timeout, to: (@convention(c) () -> Int32).self)(), 4,
                           "OpenBLAS did not read the new timeout")
        }
        let threads = openblas_get_num_threads()
        openblas_set_num_threads(2)
        defer { openblas_set_num_threads(threads) }
        let pooled = a.matmul(b)
        XCTAssertEqual(pooled.shape, single.shape)
        for i in 0..<pooled.count {
            XCTAssertEqual(pooled.pointer[i], single.pointer[i], accuracy: 1e-3, "element \(i)")
        }
    }
}
