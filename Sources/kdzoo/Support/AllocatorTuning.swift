import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// glibc malloc settings for training loops, applied once at start-up.
///
/// Every step allocates and frees the same few hundred megabytes of activations and gradients.
/// By default glibc serves blocks above a (self-adjusting) threshold with fresh `mmap`s and
/// trims freed memory at the top of the heap back to the OS, so each step faults the same pages
/// in again (clear_page and fault handling showed in profiles). Keeping blocks up to 32 MB in
/// the heap and never trimming it lets a step reuse the previous step's memory; the peak stays
/// the peak. These are the settings PyTorch's figures in issue 9 were measured with
/// (`MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=17179869184`); the environment
/// variables, when set, still win.
enum AllocatorTuning {
    static func keepFreedMemory() {
        #if canImport(Glibc)
        // Swift's Glibc module leaves out <malloc.h>: look `mallopt` up, with its option numbers.
        typealias MallocOption = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: MallocOption.self)
        let (trimThreshold, mmapThreshold): (Int32, Int32) = (-1, -3)
        let environment = ProcessInfo.processInfo.environment
        if environment["MALLOC_MMAP_THRESHOLD_"] == nil { _ = mallopt(mmapThreshold, 32 << 20) }
        if environment["MALLOC_TRIM_THRESHOLD_"] == nil { _ = mallopt(trimThreshold, Int32.max) }
        #endif
    }
}
