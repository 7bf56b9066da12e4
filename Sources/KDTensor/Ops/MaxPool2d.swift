extension Tensor {
    /// The maximum over each `kernelSize` window of NCHW images, as PyTorch's `max_pool2d`:
    /// `stride` defaults to the kernel size, padding (at most half the kernel) never wins,
    /// and NaN propagates. The gradient flows to the element that won each window.
    public func maxPool2d(kernelSize: Size2D, stride: Size2D? = nil, padding: Size2D = 0) -> Tensor {
        let (height, width) = SlidingWindow.pair(op: "maxPool2d", input: shape, kernel: kernelSize,
                                                 stride: stride ?? kernelSize, padding: padding)
        precondition(2 * padding.height <= kernelSize.height && 2 * padding.width <= kernelSize.width,
                     "maxPool2d: padding \(padding) must be at most half the kernel size \(kernelSize)")
        let planes = shape[0] * shape[1]
        let inPlane = height.inputSize * width.inputSize, outPlane = height.outputSize * width.outputSize
        let output = Tensor(uninitializedShape: [shape[0], shape[1], height.outputSize, width.outputSize])
        // Where each window's maximum was, as an offset into its input plane.
        var winners = [Int32](repeating: 0, count: planes * outPlane)
        let x = pointer, y = output.pointer
        winners.withUnsafeMutableBufferPointer { winners in
            let winners = winners.baseAddress!
            parallelFor(planes) { range in
                for plane in range {
                    let source = x + plane * inPlane
                    var out = plane * outPlane
                    for oh in 0..<height.outputSize {
                        let rows = height.undilatedInputs(output: oh)
                        for ow in 0..<width.outputSize {
                            let columns = width.undilatedInputs(output: ow)
                            var best = -Float.infinity, bestIndex = rows.lowerBound * width.inputSize + columns.lowerBound
                            for r in rows {
                                for c in columns {
                                    let value = source[r * width.inputSize + c]
                                    // Like PyTorch: a NaN wins and stays.
                                    if value > best || value.isNaN {
                                        best = value
                                        bestIndex = r * width.inputSize + c
                                    }
                                }
                            }
                            y[out] = best
                            winners[out] = Int32(bestIndex)
                            out += 1
                        }
                    }
                }
            }
        }
        let inputShape = shape
        return output.recorded("maxPool2d", inputs: [self]) { g in
            let gradInput = Tensor.zeros(inputShape)
            let dx = gradInput.pointer, dy = g.pointer
            winners.withUnsafeBufferPointer { winners in
                let winners = winners.baseAddress!
                parallelFor(planes) { range in
                    for plane in range {
                        let target = dx + plane * inPlane
                        for o in plane * outPlane..<(plane + 1) * outPlane { target[Int(winners[o])] += dy[o] }
                    }
                }
            }
            return [gradInput]
        }
    }
}
