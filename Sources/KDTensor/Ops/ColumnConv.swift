import Foundation

/// Convolution as GEMMs over the im2col column matrix of each sample, samples spread over
/// the cores (OpenBLAS single-threaded inside each worker).
enum ColumnConv {
    /// `output = weight · columns(input) + bias`, one sample and group at a time.
    static func forward(_ geometry: ConvGeometry, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                        bias: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>) {
        let planeSize = geometry.outputPlaneSize, groupOut = geometry.groupOutChannels
        let sampleColumns = geometry.sampleColumns
        parallelOverBatch(geometry.batch) { samples in
            ScratchPool.shared.withBuffer(count: geometry.isPointwise ? 0 : sampleColumns.count) { scratch in
                for n in samples {
                    let matrix = columnMatrix(sampleColumns, of: input + n * geometry.inputSampleSize,
                                              pointwise: geometry.isPointwise, scratch: scratch)
                    let y = output + n * geometry.outputSampleSize
                    // Starting from the bias lets GEMM accumulate onto it at no extra cost.
                    if let bias {
                        for o in 0..<geometry.outChannels { (y + o * planeSize).update(repeating: bias[o], count: planeSize) }
                    }
                    for group in 0..<geometry.groups {
                        gemm(weight + group * geometry.groupWeightSize, transposeA: false,
                             matrix + group * geometry.groupColumnsSize, transposeB: false,
                             into: y + group * groupOut * planeSize,
                             m: groupOut, n: planeSize, k: geometry.groupColumnRows, accumulate: bias != nil)
                    }
                }
            }
        }
    }

    /// Fills whichever of `gradients` are requested.
    static func backward(_ geometry: ConvGeometry, outputGradient: UnsafePointer<Float>, input: UnsafePointer<Float>,
                         weight: UnsafePointer<Float>, into gradients: ConvGradients) {
        if gradients.weight != nil || gradients.bias != nil {
            parameterGradients(geometry, outputGradient: outputGradient, input: input, into: gradients)
        }
        guard let gradInput = gradients.input else { return }
        if let transposed = geometry.inputGradientConvolution {
            let flipped = flippedTransposedWeight(geometry, weight)
            forward(transposed, input: outputGradient, weight: flipped.pointer, bias: nil, output: gradInput)
        } else {
            inputGradientByCol2im(geometry, outputGradient: outputGradient, weight: weight, into: gradInput)
        }
    }

    /// The column matrix of one sample `x`: the input itself for a pointwise convolution,
    /// otherwise its im2col in `scratch`.
    private static func columnMatrix(_ layout: ConvColumns, of x: UnsafePointer<Float>, pointwise: Bool,
                                     scratch: UnsafeMutablePointer<Float>) -> UnsafePointer<Float> {
        if pointwise { return x }
        layout.im2col(x, into: scratch)
        return UnsafePointer(scratch)
    }

    /// Weight gradient `Σₙ g · columnsᵀ` and bias gradient `Σ g`, each worker summing its
    /// samples into a private buffer; the buffers are added to the result in batch order, so
    /// the sum (and a resumed training run) does not depend on which worker finished first.
    private static func parameterGradients(_ geometry: ConvGeometry, outputGradient: UnsafePointer<Float>,
                                           input: UnsafePointer<Float>, into gradients: ConvGradients) {
        let planeSize = geometry.outputPlaneSize, groupOut = geometry.groupOutChannels
        let weightSize = gradients.weight == nil ? 0 : geometry.groups * geometry.groupWeightSize
        let biasSize = gradients.bias == nil ? 0 : geometry.outChannels
        let sampleColumns = geometry.sampleColumns
        let columnCount = geometry.isPointwise || gradients.weight == nil ? 0 : sampleColumns.count
        let lock = NSLock()
        var partials: [(firstSample: Int, values: [Float])] = []
        parallelOverBatch(geometry.batch) { samples in
            ScratchPool.shared.withBuffer(count: columnCount + weightSize + biasSize) { scratch in
                let partialWeight = scratch + columnCount, partialBias = partialWeight + weightSize
                partialWeight.update(repeating: 0, count: weightSize + biasSize)
                for n in samples {
                    let g = outputGradient + n * geometry.outputSampleSize
                    if gradients.weight != nil {
                        let matrix = columnMatrix(sampleColumns, of: input + n * geometry.inputSampleSize,
                                              pointwise: geometry.isPointwise, scratch: scratch)
                        for group in 0..<geometry.groups {
                            gemm(g + group * groupOut * planeSize, transposeA: false,
                                 matrix + group * geometry.groupColumnsSize, transposeB: true,
                                 into: partialWeight + group * geometry.groupWeightSize,
                                 m: groupOut, n: geometry.groupColumnRows, k: planeSize, accumulate: true)
                        }
                    }
                    for o in 0..<biasSize {
                        let plane = g + o * planeSize
                        var total: Float = 0
                        for i in 0..<planeSize { total += plane[i] }
                        partialBias[o] += total
                    }
                }
                let values = Array(UnsafeBufferPointer(start: partialWeight, count: weightSize + biasSize))
                lock.lock()
                defer { lock.unlock() }
                partials.append((samples.lowerBound, values))
            }
        }
        for (_, values) in partials.sorted(by: { $0.firstSample < $1.firstSample }) {
            if let total = gradients.weight {
                for i in 0..<weightSize { total[i] += values[i] }
            }
            if let total = gradients.bias {
                for o in 0..<biasSize { total[o] += values[weightSize + o] }
            }
        }
    }

    /// The weight of ``ConvGeometry/inputGradientConvolution``: input and output channels of
    /// each group swapped, kernel rotated by 180°.
    private static func flippedTransposedWeight(_ geometry: ConvGeometry, _ weight: UnsafePointer<Float>) -> Tensor {
        let kh = geometry.height.kernel, kw = geometry.width.kernel, taps = kh * kw
        let groupIn = geometry.groupInChannels, groupOut = geometry.groupOutChannels
        let flipped = Tensor(uninitializedShape: [geometry.inChannels, groupOut, kh, kw])
        let target = flipped.pointer
        for group in 0..<geometry.groups {
            for o in 0..<groupOut {
                for c in 0..<groupIn {
                    let source = weight + ((group * groupOut + o) * groupIn + c) * taps
                    let destination = target + ((group * groupIn + c) * groupOut + o) * taps
                    for t in 0..<taps { destination[t] = source[taps - 1 - t] }
                }
            }
        }
        return flipped
    }

    /// Input gradient for strided convolutions: column gradient `weightᵀ · g` per sample,
    /// folded back onto the input by col2im.
    private static func inputGradientByCol2im(_ geometry: ConvGeometry, outputGradient: UnsafePointer<Float>,
                                              weight: UnsafePointer<Float>, into gradInput: UnsafeMutablePointer<Float>) {
        let planeSize = geometry.outputPlaneSize, groupOut = geometry.groupOutChannels
        let sampleColumns = geometry.sampleColumns
        parallelOverBatch(geometry.batch) { samples in
            ScratchPool.shared.withBuffer(count: sampleColumns.count) { scratch in
                for n in samples {
                    let g = outputGradient + n * geometry.outputSampleSize
                    for group in 0..<geometry.groups {
                        gemm(weight + group * geometry.groupWeightSize, transposeA: true,
                             g + group * groupOut * planeSize, transposeB: false,
                             into: scratch + group * geometry.groupColumnsSize,
                             m: geometry.groupColumnRows, n: planeSize, k: groupOut)
                    }
                    let dx = gradInput + n * geometry.inputSampleSize
                    dx.update(repeating: 0, count: geometry.inputSampleSize)
                    sampleColumns.col2im(scratch, addingInto: dx)
                }
            }
        }
    }
}
