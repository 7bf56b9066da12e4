// Reshaping, axis permutation, concatenation, slicing and indexing.

extension Tensor {
    /// The same elements viewed with a new shape (one axis may be `-1`); shares storage.
    public func reshaped(to newShape: [Int]) -> Tensor {
        var resolved = newShape
        if let unknown = newShape.firstIndex(of: -1) {
            let known = newShape.enumerated().filter { $0.offset != unknown }.map(\.element).reduce(1, *)
            precondition(known > 0 && count % known == 0,
                         "cannot reshape \(Shape.describe(shape)) to \(newShape)")
            resolved[unknown] = count / known
        }
        precondition(Shape.count(resolved) == count,
                     "cannot reshape \(Shape.describe(shape)) (\(count) elements) to \(Shape.describe(resolved))")
        let inputShape = shape
        return Tensor(shape: resolved, storage: storage).recorded("reshape", inputs: [self]) { g in
            [Tensor(shape: inputShape, storage: g.storage)]
        }
    }

    /// Flattens all axes from `startAxis` on into one: `[N, C, H, W] -> [N, C*H*W]`.
    public func flattened(from startAxis: Int = 1) -> Tensor {
        reshaped(to: Array(shape[..<startAxis]) + [Shape.count(Array(shape[startAxis...]))])
    }

    /// The axes reordered: result axis `i` is input axis `order[i]`.
    public func permuted(_ order: [Int]) -> Tensor {
        precondition(order.sorted() == Array(0..<rank), "permutation \(order) does not fit rank \(rank)")
        let outShape = order.map { shape[$0] }
        let inStrides = Shape.strides(shape)
        let result = Tensor(uninitializedShape: outShape)
        let source = pointer
        var out = result.pointer
        let gathered = order.map { inStrides[$0] }
        StridedIndex(shape: outShape, stridesA: gathered, stridesB: gathered).forEachRow { offset, step, _, _, n in
            for i in 0..<n { out[i] = source[offset + i * step] }
            out += n
        }
        var inverse = [Int](repeating: 0, count: rank)
        for (i, axis) in order.enumerated() { inverse[axis] = i }
        return result.recorded("permute", inputs: [self]) { g in [g.permuted(inverse)] }
    }

    /// Swaps two axes (the last two by default).
    public func transposed(_ axis0: Int = -2, _ axis1: Int = -1) -> Tensor {
        var order = Array(0..<rank)
        order.swapAt(Shape.normalize(axis: axis0, rank: rank), Shape.normalize(axis: axis1, rank: rank))
        return permuted(order)
    }

    /// Joins tensors along `axis`; all other axes must match.
    public static func concatenate(_ tensors: [Tensor], alongAxis axis: Int) -> Tensor {
        precondition(!tensors.isEmpty, "concatenate needs at least one tensor")
        let first = tensors[0]
        let axis = Shape.normalize(axis: axis, rank: first.rank)
        for t in tensors {
            var a = t.shape, b = first.shape
            a[axis] = 0; b[axis] = 0
            precondition(t.rank == first.rank && a == b,
                         "concatenate: \(Shape.describe(t.shape)) does not match \(Shape.describe(first.shape)) off axis \(axis)")
        }
        var outShape = first.shape
        outShape[axis] = tensors.map { $0.shape[axis] }.reduce(0, +)
        let result = Tensor(uninitializedShape: outShape)
        let (outer, total, inner) = Shape.split(outShape, at: axis)
        var start = 0
        for t in tensors {
            let width = t.shape[axis] * inner
            for o in 0..<outer {
                (result.pointer + o * total * inner + start * inner).update(from: t.pointer + o * width, count: width)
            }
            start += t.shape[axis]
        }
        let sizes = tensors.map { $0.shape[axis] }
        return result.recorded("concatenate", inputs: tensors) { g in
            g.split(sizes: sizes, alongAxis: axis)
        }
    }

    /// Cuts this tensor along `axis` into consecutive pieces of the given sizes.
    public func split(sizes: [Int], alongAxis axis: Int) -> [Tensor] {
        let axis = Shape.normalize(axis: axis, rank: rank)
        precondition(sizes.reduce(0, +) == shape[axis], "split sizes \(sizes) do not add up to \(shape[axis])")
        var start = 0
        return sizes.map { size in
            defer { start += size }
            return slice(alongAxis: axis, start..<(start + size))
        }
    }

    /// The elements with index in `range` along `axis`.
    public func slice(alongAxis axis: Int, _ range: Range<Int>) -> Tensor {
        let axis = Shape.normalize(axis: axis, rank: rank)
        precondition(range.lowerBound >= 0 && range.upperBound <= shape[axis],
                     "slice \(range) out of bounds for axis \(axis) of \(Shape.describe(shape))")
        var outShape = shape
        outShape[axis] = range.count
        let (outer, size, inner) = Shape.split(shape, at: axis)
        let result = Tensor(uninitializedShape: outShape)
        let width = range.count * inner
        for o in 0..<outer {
            (result.pointer + o * width).update(from: pointer + (o * size + range.lowerBound) * inner, count: width)
        }
        let inputShape = shape
        return result.recorded("slice", inputs: [self]) { g in
            let full = Tensor.zeros(inputShape)
            for o in 0..<outer {
                (full.pointer + (o * size + range.lowerBound) * inner).update(from: g.pointer + o * width, count: width)
            }
            return [full]
        }
    }

    /// The entries at `indices` along `axis` (repeats allowed), like `torch.index_select`.
    public func indexSelect(_ indices: [Int], alongAxis axis: Int) -> Tensor {
        let axis = Shape.normalize(axis: axis, rank: rank)
        let (outer, size, inner) = Shape.split(shape, at: axis)
        for index in indices {
            precondition(index >= 0 && index < size, "index \(index) out of range for axis \(axis) of size \(size)")
        }
        var outShape = shape
        outShape[axis] = indices.count
        let result = Tensor(uninitializedShape: outShape)
        for o in 0..<outer {
            for (j, index) in indices.enumerated() {
                (result.pointer + (o * indices.count + j) * inner).update(from: pointer + (o * size + index) * inner, count: inner)
            }
        }
        let inputShape = shape
        return result.recorded("indexSelect", inputs: [self]) { g in
            let full = Tensor.zeros(inputShape)
            for o in 0..<outer {
                for (j, index) in indices.enumerated() {
                    let target = full.pointer + (o * size + index) * inner, source = g.pointer + (o * indices.count + j) * inner
                    for i in 0..<inner { target[i] += source[i] }
                }
            }
            return [full]
        }
    }

    /// One element per position along `axis`: for each index of the other axes, the entry
    /// `indices[position]` (e.g. the logit of each sample's label). The axis is removed.
    public func gather(_ indices: [Int], alongAxis axis: Int) -> Tensor {
        let axis = Shape.normalize(axis: axis, rank: rank)
        let (outer, size, inner) = Shape.split(shape, at: axis)
        precondition(indices.count == outer * inner,
                     "gather needs \(outer * inner) indices for \(Shape.describe(shape)) along axis \(axis), got \(indices.count)")
        var outShape = shape
        outShape.remove(at: axis)
        let result = Tensor(uninitializedShape: outShape)
        for o in 0..<outer {
            for i in 0..<inner {
                let index = indices[o * inner + i]
                precondition(index >= 0 && index < size, "gather index \(index) out of range for axis of size \(size)")
                result.pointer[o * inner + i] = pointer[(o * size + index) * inner + i]
            }
        }
        let inputShape = shape
        return result.recorded("gather", inputs: [self]) { g in
            let full = Tensor.zeros(inputShape)
            for o in 0..<outer {
                for i in 0..<inner { full.pointer[(o * size + indices[o * inner + i]) * inner + i] += g.pointer[o * inner + i] }
            }
            return [full]
        }
    }
}
