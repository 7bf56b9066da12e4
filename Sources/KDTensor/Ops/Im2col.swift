/// The column layout of one sample's convolution: input planes `[channels, H, W]` and the
/// matrix `[channels * kH * kW, H' * W']` whose row `(c, i, j)` holds, for every output
/// position, the input element that kernel tap `(i, j)` of channel `c` reads there (zero in
/// the padding). The convolution is then one GEMM: `weight [O, C*kH*kW] · columns`.
struct ConvColumns {
    let channels: Int
    let height: SlidingWindow
    let width: SlidingWindow
    private let taps: KernelTaps
    private let spans: [KernelTaps.Span]

    init(channels: Int, height: SlidingWindow, width: SlidingWindow) {
        self.channels = channels
        self.height = height
        self.width = width
        taps = KernelTaps(height: height, width: width)
        spans = taps.spans
    }

    /// Rows of the column matrix: one per (channel, tap).
    var rows: Int { channels * height.kernel * width.kernel }
    /// Columns of the column matrix: one per output position.
    var columns: Int { height.outputSize * width.outputSize }
    /// Floats in the column matrix.
    var count: Int { rows * columns }

    /// Fills `columns` (`rows x columns`, rows `rowStride` apart) from `input` (`channels x H x W`).
    func im2col(_ input: UnsafePointer<Float>, into columns: UnsafeMutablePointer<Float>, rowStride: Int) {
        let outW = width.outputSize, outPlane = self.columns
        forEachBlock(rowStride: rowStride) { taps, span, planeOffset, blockOffset in
            let block = columns + blockOffset, plane = input + planeOffset
            let rows = span.columns.isEmpty ? 0..<0 : span.rows
            block.update(repeating: 0, count: rows.lowerBound * outW)
            (block + rows.upperBound * outW).update(repeating: 0, count: outPlane - rows.upperBound * outW)
            guard !rows.isEmpty else { return }
            if taps.isContiguous {
                // Output position t reads input origin + t: one copy for the whole block, then
                // the padding columns, which picked up neighbouring rows' edges, are cleared.
                let run = contiguousRun(span)
                (block + run.lowerBound).update(from: plane + span.origin + run.lowerBound, count: run.count)
                clearPaddingColumns(block, span)
            } else {
                let first = span.columns.lowerBound, end = span.columns.upperBound, step = taps.columnStep
                for oh in rows {
                    let line = block + oh * outW, source = plane + span.origin + oh * taps.rowStep
                    for ow in 0..<first { line[ow] = 0 }
                    for ow in first..<end { line[ow] = source[ow * step] }
                    for ow in end..<outW { line[ow] = 0 }
                }
            }
        }
    }

    /// Adds each column-matrix entry back onto the input element it was read from: the
    /// adjoint of ``im2col(_:into:rowStride:)``, used for the input gradient. Padding entries
    /// are dropped (and overwritten with zeros in `columns`).
    func col2im(_ columns: UnsafeMutablePointer<Float>, rowStride: Int, addingInto input: UnsafeMutablePointer<Float>) {
        let outW = width.outputSize
        forEachBlock(rowStride: rowStride) { taps, span, planeOffset, blockOffset in
            guard !span.rows.isEmpty, !span.columns.isEmpty else { return }
            let block = columns + blockOffset, plane = input + planeOffset
            if taps.isContiguous {
                // With the padding entries zeroed, one run can be added: they land on
                // neighbouring rows' edges, inside the plane.
                clearPaddingColumns(block, span)
                let run = contiguousRun(span)
                let source = block + run.lowerBound, target = plane + span.origin + run.lowerBound
                for t in 0..<run.count { target[t] += source[t] }
            } else {
                let first = span.columns.lowerBound, end = span.columns.upperBound, step = taps.columnStep
                for oh in span.rows {
                    let line = block + oh * outW, target = plane + span.origin + oh * taps.rowStep
                    for ow in first..<end { target[ow * step] += line[ow] }
                }
            }
        }
    }

    /// Calls `body(taps, span, input plane offset, column block offset)` for every channel and
    /// tap: the block is that (channel, tap)'s row of the column matrix.
    private func forEachBlock(rowStride: Int, _ body: (KernelTaps, KernelTaps.Span, Int, Int) -> Void) {
        let inPlane = height.inputSize * width.inputSize
        for c in 0..<channels {
            for span in spans { body(taps, span, c * inPlane, (c * taps.count + span.tap) * rowStride) }
        }
    }

    /// For a contiguous layout: the block positions from the first in-bounds read to the last.
    private func contiguousRun(_ span: KernelTaps.Span) -> Range<Int> {
        let outW = width.outputSize
        return (span.rows.lowerBound * outW + span.columns.lowerBound)..<((span.rows.upperBound - 1) * outW + span.columns.upperBound)
    }

    /// Zeroes the out-of-bounds columns of the in-bounds rows of a tap's block.
    private func clearPaddingColumns(_ block: UnsafeMutablePointer<Float>, _ span: KernelTaps.Span) {
        let outW = width.outputSize, first = span.columns.lowerBound, end = span.columns.upperBound
        for oh in span.rows {
            let line = block + oh * outW
            for ow in 0..<first { line[ow] = 0 }
            for ow in end..<outW { line[ow] = 0 }
        }
    }
}
