import Foundation

// 2-D convolution (cross-correlation, as in PyTorch): im2col + OpenBLAS GEMM per sample,
// a direct kernel for depthwise layers, and no im2col at all for 1x1 convolutions.

extension Tensor {
    /// Convolves NCHW images with a bank of filters.
    ///
    /// Input `[N, C, H, W]`, weight `[O, C/groups, kH, kW]`, bias `[O]` → `[N, O, H', W']` with
    /// `H' = (H + 2·padding - dilation·(kH-1) - 1) / stride + 1` (likewise for `W'`).
    /// Channels are split into `groups` independent convolutions; `groups == C == O` is a
    /// depthwise convolution. Differentiable in the input, weight and bias.
    public func conv2d(weight: Tensor, bias: Tensor? = nil, stride: Size2D = 1, padding: Size2D = 0,
                       dilation: Size2D = 1, groups: Int = 1) -> Tensor {
        let geometry = ConvGeometry(input: shape, weight: weight.shape, bias: bias?.shape, stride: stride,
                                    padding: padding, dilation: dilation, groups: groups)
        let input = self
        let output = Tensor(uninitializedShape: geometry.outputShape)
        if geometry.isDepthwise {
            DepthwiseConv.forward(geometry, input: pointer, weight: weight.pointer, bias: bias?.pointer, output: output.pointer)
        } else {
            ColumnConv.forward(geometry, input: pointer, weight: weight.pointer, bias: bias?.pointer, output: output.pointer)
        }
        return output.recorded("conv2d", inputs: [input, weight] + (bias.map { [$0] } ?? [])) { g in
            let gradInput = input.requiresGrad ? Tensor.zeros(input.shape) : nil
            let gradWeight = weight.requiresGrad ? Tensor.zeros(weight.shape) : nil
            let gradBias = bias?.requiresGrad == true ? Tensor.zeros([geometry.outChannels]) : nil
            let gradients = ConvGradients(input: gradInput?.pointer, weight: gradWeight?.pointer, bias: gradBias?.pointer)
            if geometry.isDepthwise {
                DepthwiseConv.backward(geometry, outputGradient: g.pointer, input: input.pointer,
                                       weight: weight.pointer, into: gradients)
            } else {
                ColumnConv.backward(geometry, outputGradient: g.pointer, input: input.pointer,
                                    weight: weight.pointer, into: gradients)
            }
            return [gradInput, gradWeight] + (bias == nil ? [] : [gradBias])
        }
    }
}

/// Where a convolution's backward pass accumulates: each pointer (zero-filled by the caller)
/// is `nil` when that gradient is not needed.
struct ConvGradients {
    let input: UnsafeMutablePointer<Float>?
    let weight: UnsafeMutablePointer<Float>?
    let bias: UnsafeMutablePointer<Float>?
}

/// Convolution as GEMMs over the im2col column matrix of each sample, samples spread over the cores.
enum ColumnConv {
    static func forward(_ geometry: ConvGeometry, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                        bias: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>) {
        let columns = geometry.groupColumns, sampleColumns = geometry.sampleColumns
        let planeSize = geometry.outputPlaneSize, groupOut = geometry.groupOutChannels
        parallelOverBatch(geometry.batch) { samples in
            ScratchPool.shared.withBuffer(count: geometry.isPointwise ? 0 : sampleColumns.count) { scratch in
                for n in samples {
                    let x = input + n * geometry.inputSampleSize, y = output + n * geometry.outputSampleSize
                    let matrix = columnMatrix(geometry, of: x, scratch: scratch)
                    // Starting from the bias lets GEMM accumulate onto it at no extra cost.
                    if let bias {
                        for o in 0..<geometry.outChannels { (y + o * planeSize).update(repeating: bias[o], count: planeSize) }
                    }
                    for group in 0..<geometry.groups {
                        gemm(weight + group * geometry.groupWeightSize, transposeA: false,
                             matrix + group * columns.count, transposeB: false,
                             into: y + group * groupOut * planeSize,
                             m: groupOut, n: planeSize, k: columns.rows, accumulate: bias != nil)
                    }
                }
            }
        }
    }

    /// The column matrix of one sample `x`: the input itself for a pointwise convolution,
    /// otherwise its im2col in `scratch`.
    private static func columnMatrix(_ geometry: ConvGeometry, of x: UnsafePointer<Float>,
                                     scratch: UnsafeMutablePointer<Float>) -> UnsafePointer<Float> {
        if geometry.isPointwise { return x }
        geometry.sampleColumns.im2col(x, into: scratch)
        return UnsafePointer(scratch)
    }

    /// Per sample: weight gradient `g · columnsᵀ` (from a fresh im2col), then the column
    /// gradient `weightᵀ · g` in the same buffer, folded back onto the input by col2im.
    static func backward(_ geometry: ConvGeometry, outputGradient: UnsafePointer<Float>, input: UnsafePointer<Float>,
                         weight: UnsafePointer<Float>, into gradients: ConvGradients) {
        let columns = geometry.groupColumns, sampleColumns = geometry.sampleColumns
        let planeSize = geometry.outputPlaneSize, groupOut = geometry.groupOutChannels
        let weightSize = geometry.groups * geometry.groupWeightSize
        let partialSize = (gradients.weight == nil ? 0 : weightSize) + (gradients.bias == nil ? 0 : geometry.outChannels)
        let lock = NSLock()
        parallelOverBatch(geometry.batch) { samples in
            let columnCount = geometry.isPointwise ? 0 : sampleColumns.count
            ScratchPool.shared.withBuffer(count: columnCount + partialSize) { scratch in
                // This worker's share of the weight and bias gradients, summed into the result at the end.
                let partial = scratch + columnCount
                partial.update(repeating: 0, count: partialSize)
                let partialWeight = gradients.weight == nil ? nil : partial
                let partialBias = gradients.bias == nil ? nil : partial + (partialWeight == nil ? 0 : weightSize)
                for n in samples {
                    let x = input + n * geometry.inputSampleSize, g = outputGradient + n * geometry.outputSampleSize
                    if let partialWeight {
                        let matrix = columnMatrix(geometry, of: x, scratch: scratch)
                        for group in 0..<geometry.groups {
                            gemm(g + group * groupOut * planeSize, transposeA: false,
                                 matrix + group * columns.count, transposeB: true,
                                 into: partialWeight + group * geometry.groupWeightSize,
                                 m: groupOut, n: columns.rows, k: planeSize, accumulate: true)
                        }
                    }
                    if let partialBias {
                        for o in 0..<geometry.outChannels {
                            let plane = g + o * planeSize
                            var total: Float = 0
                            for i in 0..<planeSize { total += plane[i] }
                            partialBias[o] += total
                        }
                    }
                    if let gradInput = gradients.input {
                        let dx = gradInput + n * geometry.inputSampleSize
                        // A pointwise convolution's column gradient is the input gradient itself.
                        let target = geometry.isPointwise ? dx : scratch
                        for group in 0..<geometry.groups {
                            gemm(weight + group * geometry.groupWeightSize, transposeA: true,
                                 g + group * groupOut * planeSize, transposeB: false,
                                 into: target + group * columns.count,
                                 m: columns.rows, n: planeSize, k: groupOut)
                        }
                        if !geometry.isPointwise { sampleColumns.col2im(scratch, addingInto: dx) }
                    }
                }
                lock.lock()
                if let partialWeight, let total = gradients.weight {
                    for i in 0..<weightSize { total[i] += partialWeight[i] }
                }
                if let partialBias, let total = gradients.bias {
                    for o in 0..<geometry.outChannels { total[o] += partialBias[o] }
                }
                lock.unlock()
            }
        }
    }
}
