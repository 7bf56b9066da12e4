/// The weight and bias gradients of a Winograd-shaped convolution (3x3, stride 1), by the
/// adjoint of the forward pass's F(4x4, 3x3): per block of samples the input tiles are
/// transformed as in the forward pass into `V[p]` (`[tiles, C]`), the output gradient's 4x4
/// tiles into `D[p] = A dy Aᵀ` (`[tiles, O]`), and each point accumulates `V[p]ᵀ · D[p]`
/// (`[C, O]`) by one OpenBLAS GEMM; `Gᵀ (·) G` of the sums gives the 3x3 filters' gradients.
/// That is 36 multiply-adds per 4x4 tile where im2col + GEMM needs 144, and no column matrix.
extension WinogradConv {
    /// Adds the weight gradient `Σ g ⋆ input` and bias gradient `Σ g` to `gradients` (whichever
    /// it asks for), in batch order whatever the cores' timing.
    static func parameterGradients(_ geometry: ConvGeometry, outputGradient: UnsafePointer<Float>,
                                   input: UnsafePointer<Float>, into gradients: ConvGradients) {
        let plan = WinogradPlan(geometry)
        let weightSize = gradients.weight == nil ? 0 : geometry.outChannels * geometry.inChannels * 9
        let biasSize = gradients.bias == nil ? 0 : geometry.outChannels
        gradients.accumulateParameterGradients(batch: geometry.batch, grain: plan.samplesPerBlock,
                                               weightSize: weightSize, biasSize: biasSize) { samples, partial in
            if gradients.weight != nil {
                weightGradient(plan, samples, outputGradient, input, into: partial)
            }
            let plane = geometry.outputPlaneSize
            for n in samples {
                for o in 0..<biasSize {
                    partial[weightSize + o] += SIMDLoops.sum(outputGradient + n * geometry.outputSampleSize + o * plane,
                                                             count: plane)
                }
            }
        }
    }

    /// The weight gradient `[O, C, 3, 3]` of `samples` into `weightGradient`.
    private static func weightGradient(_ plan: WinogradPlan, _ samples: Range<Int>, _ outputGradient: UnsafePointer<Float>,
                                       _ input: UnsafePointer<Float>, into weightGradient: UnsafeMutablePointer<Float>) {
        let sums = plan.transformedWeightSize, gradientPatches = plan.outChannels / 8 * plan.gradientPatch.size
        ScratchPool.shared.withBuffer(count: plan.workerScratchSize + gradientPatches + sums) { scratch in
            let transformedGradients = scratch + plan.transformedInputSize
            let patch = transformedGradients + plan.productsSize
            let gradientPatch = patch + plan.samplePatchesSize, transformedSums = gradientPatch + gradientPatches
            var first = true
            for block in SampleBlock.blocks(of: samples, size: plan.samplesPerBlock, plane: plan.tilesPerSample) {
                transformInputs(plan, block, input, patch: patch, into: scratch)
                transformOutputGradients(plan, block, outputGradient, patch: gradientPatch, into: transformedGradients)
                let tiles = block.width
                for point in 0..<WinogradF43.points {
                    gemm(scratch + point * tiles * plan.inChannels, transposeA: true,
                         transformedGradients + point * tiles * plan.outChannels, transposeB: false,
                         into: transformedSums + point * plan.inChannels * plan.outChannels,
                         m: plan.inChannels, n: plan.outChannels, k: tiles, accumulate: !first)
                }
                first = false
            }
            untransformWeightGradient(plan, transformedSums, into: weightGradient)
        }
    }

    /// `D[p]` of a block, `[tiles, O]` each, tiles in sample, row, column order as in `V[p]`.
    private static func transformOutputGradients(_ plan: WinogradPlan, _ block: SampleBlock, _ outputGradient: UnsafePointer<Float>,
                                                 patch: UnsafeMutablePointer<Float>, into transformed: UnsafeMutablePointer<Float>) {
        let geometry = plan.geometry, channels = plan.outChannels, pointStride = block.width * channels
        let layout = plan.gradientPatch
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 8 * WinogradF43.scratchVectors) { scratch in
            for s in 0..<block.count {
                let sample = outputGradient + (block.start + s) * geometry.outputSampleSize
                for first in stride(from: 0, to: channels, by: 8) {
                    layout.gather(sample, channels: geometry.outChannels, first: first, into: patch + first / 8 * layout.size)
                }
                for tileRow in 0..<plan.tilesHigh {
                    for tileColumn in 0..<plan.tilesWide {
                        let tile = s * plan.tilesPerSample + tileRow * plan.tilesWide + tileColumn
                        let corner = patch + 4 * tileRow * layout.rowStride + 32 * tileColumn
                        for first in stride(from: 0, to: channels, by: 8) {
                            WinogradF43.transformOutputGradient(corner + first / 8 * layout.size, rowStride: layout.rowStride,
                                                                scratch: scratch.baseAddress!,
                                                                into: transformed + tile * channels + first, pointStride: pointStride)
                        }
                    }
                }
            }
        }
    }

    /// `Gᵀ S[p] G` for every input channel and eight output channels at a time, written as the
    /// weight's `[O, C, 3, 3]` layout (padded channels dropped).
    private static func untransformWeightGradient(_ plan: WinogradPlan, _ sums: UnsafePointer<Float>,
                                                  into weightGradient: UnsafeMutablePointer<Float>) {
        let inChannels = plan.geometry.inChannels, outChannels = plan.geometry.outChannels
        let pointStride = plan.inChannels * plan.outChannels
        withUnsafeTemporaryAllocation(of: SIMD8<Float>.self, capacity: 9 + 18) { buffer in
            let taps = buffer.baseAddress!
            let scratch = UnsafeMutableRawPointer(taps + 9).assumingMemoryBound(to: Float.self)
            for c in 0..<inChannels {
                for first in stride(from: 0, to: outChannels, by: 8) {
                    WinogradF43.transformWeightGradient(sums + c * plan.outChannels + first, pointStride: pointStride,
                                                        scratch: scratch, into: taps)
                    for lane in 0..<Swift.min(8, outChannels - first) {
                        let filter = weightGradient + ((first + lane) * inChannels + c) * 9
                        for tap in 0..<9 { filter[tap] = taps[tap][lane] }
                    }
                }
            }
        }
    }
}
