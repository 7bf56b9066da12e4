extension Tensor {
    /// The mean over each `kernelSize` window of NCHW images, as PyTorch's `avg_pool2d`:
    /// `stride` defaults to the kernel size; padding (at most half the kernel) counts as
    /// zeros in the divisor when `countIncludePad`, and is left out of it otherwise.
    public func avgPool2d(kernelSize: Size2D, stride: Size2D? = nil, padding: Size2D = 0,
                          countIncludePad: Bool = true) -> Tensor {
        let (height, width) = SlidingWindow.pair(op: "avgPool2d", input: shape, kernel: kernelSize,
                                                 stride: stride ?? kernelSize, padding: padding)
        precondition(2 * padding.height <= kernelSize.height && 2 * padding.width <= kernelSize.width,
                     "avgPool2d: padding \(padding) must be at most half the kernel size \(kernelSize)")
        func bins(_ axis: SlidingWindow) -> [AveragingBin] {
            (0..<axis.outputSize).map { o in
                let start = o * axis.stride - axis.padding
                let paddedEnd = Swift.min(start + axis.kernel, axis.inputSize + axis.padding)
                let inside = Swift.max(start, 0)..<Swift.min(paddedEnd, axis.inputSize)
                return AveragingBin(inputs: inside, divisor: countIncludePad ? paddedEnd - start : inside.count)
            }
        }
        return averagePooled(rows: bins(height), columns: bins(width), name: "avgPool2d")
    }

    /// The mean over an `outputSize` grid of bins covering NCHW images, as PyTorch's
    /// `adaptive_avg_pool2d`: output `i` of an axis of size `n` averages inputs
    /// `floor(i·n/out) ..< ceil((i+1)·n/out)`, so bins may overlap when `out` does not divide `n`.
    public func adaptiveAvgPool2d(outputSize: Size2D) -> Tensor {
        precondition(rank == 4, "adaptiveAvgPool2d: input must be NCHW, got \(Shape.describe(shape))")
        precondition(outputSize.height > 0 && outputSize.width > 0,
                     "adaptiveAvgPool2d: output size \(outputSize) must be positive")
        func bins(input: Int, output: Int) -> [AveragingBin] {
            (0..<output).map { i in
                let inputs = (i * input / output)..<(((i + 1) * input + output - 1) / output)
                return AveragingBin(inputs: inputs, divisor: inputs.count)
            }
        }
        return averagePooled(rows: bins(input: shape[2], output: outputSize.height),
                             columns: bins(input: shape[3], output: outputSize.width), name: "adaptiveAvgPool2d")
    }

    /// Output `(i, j)` of every plane is the sum over the rectangle `rows[i] x columns[j]`
    /// divided by the product of their divisors.
    private func averagePooled(rows: [AveragingBin], columns: [AveragingBin], name: String) -> Tensor {
        let inWidth = shape[3]
        let output = Tensor(uninitializedShape: [shape[0], shape[1], rows.count, columns.count])
        let x = pointer, y = output.pointer
        AveragingBin.forEachOutput(shape: shape, rows: rows, columns: columns) { plane, out, row, column in
            var total: Float = 0
            for r in row.inputs {
                let line = x + plane + r * inWidth
                for c in column.inputs { total += line[c] }
            }
            y[out] = total / Float(row.divisor * column.divisor)
        }
        let inputShape = shape
        return output.recorded(name, inputs: [self]) { g in
            let gradInput = Tensor.zeros(inputShape)
            let dx = gradInput.pointer, dy = g.pointer
            AveragingBin.forEachOutput(shape: inputShape, rows: rows, columns: columns) { plane, out, row, column in
                let share = dy[out] / Float(row.divisor * column.divisor)
                for r in row.inputs {
                    let line = dx + plane + r * inWidth
                    for c in column.inputs { line[c] += share }
                }
            }
            return [gradInput]
        }
    }
}

/// The inputs one pooled output averages along one axis, and that axis's share of the divisor.
private struct AveragingBin {
    let inputs: Range<Int>
    let divisor: Int

    /// Calls `body(input plane offset, output index, row bin, column bin)` for every output of
    /// an NCHW input of `shape`, planes spread over the cores.
    static func forEachOutput(shape: [Int], rows: [AveragingBin], columns: [AveragingBin],
                              _ body: (Int, Int, AveragingBin, AveragingBin) -> Void) {
        let inPlane = shape[2] * shape[3], outPlane = rows.count * columns.count
        parallelFor(shape[0] * shape[1]) { planes in
            for plane in planes {
                var out = plane * outPlane
                for row in rows {
                    for column in columns {
                        body(plane * inPlane, out, row, column)
                        out += 1
                    }
                }
            }
        }
    }
}
