/// Walks the elements of an output shape in row-major order while tracking the
/// matching offsets into up to two strided inputs. Broadcasting reads inputs with
/// stride 0 on broadcast axes; reductions write outputs the same way.
@usableFromInline
struct StridedIndex {
    @usableFromInline let shape: [Int]
    @usableFromInline let stridesA: [Int]
    @usableFromInline let stridesB: [Int]

    @usableFromInline
    init(shape: [Int], stridesA: [Int], stridesB: [Int]) {
        self.shape = shape
        self.stridesA = stridesA
        self.stridesB = stridesB
    }

    /// Calls `body(offsetA, strideA, offsetB, strideB, n)` for each run along the last axis.
    @inlinable
    func forEachRow(_ body: (Int, Int, Int, Int, Int) -> Void) {
        let rank = shape.count
        guard rank > 0 else { body(0, 0, 0, 0, 1); return }
        let inner = shape[rank - 1]
        let innerA = stridesA[rank - 1], innerB = stridesB[rank - 1]
        let rows = Shape.count(shape) / max(inner, 1)
        guard inner > 0 else { return }
        var counter = [Int](repeating: 0, count: rank)
        var offsetA = 0, offsetB = 0
        for _ in 0..<rows {
            body(offsetA, innerA, offsetB, innerB, inner)
            var axis = rank - 2
            while axis >= 0 {
                counter[axis] += 1
                offsetA += stridesA[axis]
                offsetB += stridesB[axis]
                if counter[axis] < shape[axis] { break }
                offsetA -= stridesA[axis] * shape[axis]
                offsetB -= stridesB[axis] * shape[axis]
                counter[axis] = 0
                axis -= 1
            }
        }
    }
}
