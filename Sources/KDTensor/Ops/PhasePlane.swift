/// A zero-padded image plane stored with its columns split by stride phase, so that a
/// kernel tap reads (or writes) one contiguous run for a whole output row, at any stride,
/// padding and dilation, with no bounds logic in the inner loop.
///
/// Padded column `c` (input column `c - padding`) lives in phase `c % stride` at index
/// `c / stride`; output column `ow` at tap column `j` reads padded column
/// `ow·stride + j·dilation`, i.e. phase `(j·dilation) % stride`, index `ow + (j·dilation) / stride`.
struct PhasePlane {
    let height: SlidingWindow
    let width: SlidingWindow
    /// Floats in one padded row of one phase.
    let rowLength: Int
    /// Floats in one phase (all padded rows).
    let phaseSize: Int
    /// Floats in the whole plane (all phases).
    let count: Int
    /// How far the reads move from one output row to the next.
    let outputRowStep: Int
    /// Where output (oh, 0) reads at tap `i·kW + j`, relative to output row `oh`'s start `oh·outputRowStep`.
    let tapOffsets: [Int]

    init(height: SlidingWindow, width: SlidingWindow) {
        self.height = height
        self.width = width
        let paddedRows = height.inputSize + 2 * height.padding
        rowLength = (width.inputSize + 2 * width.padding + width.stride - 1) / width.stride
        phaseSize = paddedRows * rowLength
        count = width.stride * phaseSize
        outputRowStep = height.stride * rowLength
        let (rowLength, phaseSize) = (rowLength, phaseSize)
        tapOffsets = (0..<height.kernel).flatMap { i in
            (0..<width.kernel).map { j in
                let column = j * width.dilation
                return (column % width.stride) * phaseSize + i * height.dilation * rowLength + column / width.stride
            }
        }
    }

    /// Copies `plane` (`inputSize` rows by `inputSize` columns) into the interior of `padded`;
    /// the padding is left as it is, so zero it once per buffer.
    func pad(_ plane: UnsafePointer<Float>, into padded: UnsafeMutablePointer<Float>) {
        forEachInteriorRun { inputOffset, paddedOffset, count in
            let source = plane + inputOffset, destination = padded + paddedOffset
            for k in 0..<count { destination[k] = source[k * width.stride] }
        }
    }

    /// Copies the interior of `padded` into `plane`, dropping the padding.
    func unpad(_ padded: UnsafePointer<Float>, into plane: UnsafeMutablePointer<Float>) {
        forEachInteriorRun { inputOffset, paddedOffset, count in
            let source = padded + paddedOffset, destination = plane + inputOffset
            for k in 0..<count { destination[k * width.stride] = source[k] }
        }
    }

    /// Every run of input columns that lands consecutively in one phase row: the input
    /// offset of its first column (later ones every `stride`), its padded offset and length.
    private func forEachInteriorRun(_ body: (Int, Int, Int) -> Void) {
        let stride = width.stride, inputWidth = width.inputSize
        for phase in 0..<stride {
            let firstColumn = ((phase - width.padding) % stride + stride) % stride
            guard firstColumn < inputWidth else { continue }
            let runLength = (inputWidth - firstColumn + stride - 1) / stride
            let paddedStart = phase * phaseSize + (firstColumn + width.padding) / stride
            for row in 0..<height.inputSize {
                body(row * inputWidth + firstColumn, paddedStart + (row + height.padding) * rowLength, runLength)
            }
        }
    }
}
