import Foundation

/// A contiguous, 64-byte aligned block of `Float`s owned by one or more tensors; blocks of a
/// megabyte and more are page-aligned mappings reused by size (see ``LargeBlocks``).
///
/// Reshaped tensors share their storage; every other op allocates a new one.
/// All allocation goes through this type so that pooling can be added in one place.
public final class TensorStorage {
    /// Number of `Float` elements.
    public let count: Int
    /// The first element. Valid for the lifetime of the storage.
    public let pointer: UnsafeMutablePointer<Float>
    /// Bytes of the ``LargeBlocks`` block behind `pointer`, or 0 when malloc's.
    private let blockSize: Int

    /// Allocates uninitialised storage for `count` floats.
    public init(uninitializedCount count: Int) {
        precondition(count >= 0, "negative element count \(count)")
        self.count = count
        let bytes = max(count, 1) * MemoryLayout<Float>.stride
        if bytes >= LargeBlocks.threshold {
            // Activation-sized: apart from malloc's heap, reused by size (see LargeBlocks).
            let (block, size) = LargeBlocks.shared.allocate(bytes)
            pointer = block.bindMemory(to: Float.self, capacity: count)
            blockSize = size
        } else {
            blockSize = 0
            var raw: UnsafeMutableRawPointer?
            // 64-byte alignment keeps SIMD loads and OpenBLAS on their fast paths.
            let status = posix_memalign(&raw, 64, bytes)
            guard status == 0, let raw else {
                fatalError("kdzoo: out of memory allocating \(count) floats")
            }
            pointer = raw.bindMemory(to: Float.self, capacity: max(count, 1))
        }
        TensorMemory.allocated(count * MemoryLayout<Float>.stride)
    }

    /// Allocates storage for `count` floats, all set to `value`.
    public convenience init(count: Int, repeating value: Float) {
        self.init(uninitializedCount: count)
        pointer.initialize(repeating: value, count: count)
    }

    deinit {
        if blockSize > 0 {
            LargeBlocks.shared.release(UnsafeMutableRawPointer(pointer), size: blockSize)
        } else {
            free(pointer)
        }
        TensorMemory.freed(count * MemoryLayout<Float>.stride)
    }

    /// The elements as a buffer.
    @inlinable public var buffer: UnsafeMutableBufferPointer<Float> {
        UnsafeMutableBufferPointer(start: pointer, count: count)
    }
}
