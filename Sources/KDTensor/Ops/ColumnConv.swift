/// Convolution as GEMMs over im2col column matrices: per block of samples (see
/// ``SampleBlock``) and group, blocks spread over the cores with OpenBLAS single-threaded
/// inside each worker.
enum ColumnConv {
    /// `output = weight · columns(input) + bias`.
    static func forward(_ geometry: ConvGeometry, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                        bias: UnsafePointer<Float>?, epilogue: OutputEpilogue = .none, output: UnsafeMutablePointer<Float>) {
        let plane = geometry.outputPlaneSize, groupOut = geometry.groupOutChannels
        let perBlock = geometry.samplesPerGemm, layout = geometry.sampleColumns
        let columnsSize = geometry.isPointwise && perBlock == 1 ? 0 : layout.rows * perBlock * plane
        let productSize = perBlock == 1 ? 0 : geometry.outChannels * perBlock * plane
        parallelOverBatch(geometry.batch, grain: perBlock) { samples in
            ScratchPool.shared.withBuffer(count: columnsSize + productSize) { scratch in
                for block in SampleBlock.blocks(of: samples, size: perBlock, plane: plane) {
                    let matrix = columnMatrix(geometry, layout, block, input: input, scratch: scratch)
                    // A single sample's product goes straight to the output, starting from the
                    // bias so that GEMM accumulates onto it; a block's is scattered afterwards.
                    let direct = block.count == 1
                    let product = direct ? output + block.start * geometry.outputSampleSize : scratch + columnsSize
                    if direct, let bias {
                        for o in 0..<geometry.outChannels { (product + o * plane).update(repeating: bias[o], count: plane) }
                    }
                    for group in 0..<geometry.groups {
                        gemm(weight + group * geometry.groupWeightSize, transposeA: false,
                             matrix + group * geometry.groupColumnRows * block.width, transposeB: false,
                             into: product + group * groupOut * block.width,
                             m: groupOut, n: block.width, k: geometry.groupColumnRows, accumulate: direct && bias != nil)
                    }
                    if !direct {
                        block.scatter(product, rows: geometry.outChannels, into: output,
                                      sampleStride: geometry.outputSampleSize, bias: bias)
                    }
                    epilogue.apply(to: output, offset: block.start * geometry.outputSampleSize,
                                   count: block.count * geometry.outputSampleSize)
                }
            }
        }
    }

    /// The input gradient; for a stride-1 convolution the forward pass of the transposed
    /// convolution, by Winograd when `algorithm` picks it for that convolution.
    static func inputGradient(_ geometry: ConvGeometry, outputGradient: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                              algorithm: ConvAlgorithm, into gradInput: UnsafeMutablePointer<Float>) {
        if let transposed = geometry.inputGradientConvolution {
            let flipped = geometry.inputGradientWeight(weight)
            if transposed.usesWinograd(algorithm) {
                WinogradConv.forward(transposed, input: outputGradient, weight: flipped.pointer, bias: nil, output: gradInput)
            } else {
                forward(transposed, input: outputGradient, weight: flipped.pointer, bias: nil, output: gradInput)
            }
        } else {
            inputGradientByCol2im(geometry, outputGradient: outputGradient, weight: weight, into: gradInput)
        }
    }

    /// The column matrix of a block of samples: for a pointwise convolution the inputs
    /// themselves (copied side by side for a block), otherwise their im2col in `scratch`.
    private static func columnMatrix(_ geometry: ConvGeometry, _ layout: ConvColumns, _ block: SampleBlock,
                                     input: UnsafePointer<Float>, scratch: UnsafeMutablePointer<Float>) -> UnsafePointer<Float> {
        if geometry.isPointwise {
            return block.matrix(input, sampleStride: geometry.inputSampleSize, rows: geometry.inChannels, scratch: scratch)
        }
        for s in 0..<block.count {
            layout.im2col(input + (block.start + s) * geometry.inputSampleSize, into: scratch + s * block.plane,
                          rowStride: block.width)
        }
        return UnsafePointer(scratch)
    }

    /// Weight gradient `Σ g · columnsᵀ` and bias gradient `Σ g`, in batch order whatever the
    /// cores' timing.
    static func parameterGradients(_ geometry: ConvGeometry, outputGradient: UnsafePointer<Float>,
                                   input: UnsafePointer<Float>, into gradients: ConvGradients) {
        let plane = geometry.outputPlaneSize, groupOut = geometry.groupOutChannels
        let perBlock = geometry.samplesPerGemm, layout = geometry.sampleColumns
        let weightSize = gradients.weight == nil ? 0 : geometry.groups * geometry.groupWeightSize
        let biasSize = gradients.bias == nil ? 0 : geometry.outChannels
        let needsColumns = gradients.weight != nil && !(geometry.isPointwise && perBlock == 1)
        let columnsSize = needsColumns ? layout.rows * perBlock * plane : 0
        let gradientSize = perBlock == 1 ? 0 : geometry.outChannels * perBlock * plane
        gradients.accumulateParameterGradients(batch: geometry.batch, grain: perBlock,
                                               weightSize: weightSize, biasSize: biasSize) { samples, partial in
            ScratchPool.shared.withBuffer(count: columnsSize + gradientSize) { scratch in
                let gradientBlock = scratch + columnsSize
                for block in SampleBlock.blocks(of: samples, size: perBlock, plane: plane) {
                    let g = block.matrix(outputGradient, sampleStride: geometry.outputSampleSize,
                                         rows: geometry.outChannels, scratch: gradientBlock)
                    if gradients.weight != nil {
                        let matrix = columnMatrix(geometry, layout, block, input: input, scratch: scratch)
                        for group in 0..<geometry.groups {
                            gemm(g + group * groupOut * block.width, transposeA: false,
                                 matrix + group * geometry.groupColumnRows * block.width, transposeB: true,
                                 into: partial + group * geometry.groupWeightSize,
                                 m: groupOut, n: geometry.groupColumnRows, k: block.width, accumulate: true)
                        }
                    }
                    for o in 0..<biasSize { partial[weightSize + o] += SIMDLoops.sum(g + o * block.width, count: block.width) }
                }
            }
        }
    }

    /// Input gradient for strided convolutions: column gradient `weightᵀ · g` per block,
    /// folded back onto each sample's input by col2im.
    private static func inputGradientByCol2im(_ geometry: ConvGeometry, outputGradient: UnsafePointer<Float>,
                                              weight: UnsafePointer<Float>, into gradInput: UnsafeMutablePointer<Float>) {
        let plane = geometry.outputPlaneSize, groupOut = geometry.groupOutChannels
        let perBlock = geometry.samplesPerGemm, layout = geometry.sampleColumns
        let columnsSize = layout.rows * perBlock * plane
        let gradientSize = perBlock == 1 ? 0 : geometry.outChannels * perBlock * plane
        parallelOverBatch(geometry.batch, grain: perBlock) { samples in
            ScratchPool.shared.withBuffer(count: columnsSize + gradientSize) { scratch in
                for block in SampleBlock.blocks(of: samples, size: perBlock, plane: plane) {
                    let g = block.matrix(outputGradient, sampleStride: geometry.outputSampleSize,
                                         rows: geometry.outChannels, scratch: scratch + columnsSize)
                    for group in 0..<geometry.groups {
                        gemm(weight + group * geometry.groupWeightSize, transposeA: true,
                             g + group * groupOut * block.width, transposeB: false,
                             into: scratch + group * geometry.groupColumnRows * block.width,
                             m: geometry.groupColumnRows, n: block.width, k: groupOut)
                    }
                    for s in 0..<block.count {
                        let dx = gradInput + (block.start + s) * geometry.inputSampleSize
                        dx.update(repeating: 0, count: geometry.inputSampleSize)
                        layout.col2im(scratch + s * plane, rowStride: block.width, addingInto: dx)
                    }
                }
            }
        }
    }
}
