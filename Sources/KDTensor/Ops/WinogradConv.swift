/// 3x3 stride-1 convolution by Winograd minimal filtering F(4x4, 3x3) (see ``WinogradF43``):
/// a quarter of im2col + GEMM's multiply-adds, for some rounding error (about 1e-6
/// relative to the output's size in Float32, see the tests).
///
/// The output is cut into 4x4 tiles. Per block of samples, the input tiles are transformed
/// into 36 matrices `V[p]` of `[tiles, C]`, the filters once per call into 36 matrices
/// `U[p]` of `[C, O]`, and each point's product `M[p] = V[p] · U[p]` is one OpenBLAS GEMM;
/// the output transform of `M` gives the output tiles. Blocks spread over the cores with
/// OpenBLAS single-threaded inside each worker, as in ``ColumnConv``. Channels are padded
/// to multiples of eight so that every transform works on eight channels at once.
enum WinogradConv {
    static func forward(_ geometry: ConvGeometry, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                        bias: UnsafePointer<Float>?, epilogue: OutputEpilogue = .none, output: UnsafeMutablePointer<Float>) {
        let plan = WinogradPlan(geometry)
        ScratchPool.shared.withBuffer(count: plan.transformedWeightSize + plan.outChannels) { transformedWeight in
            transformWeights(plan, weight, into: transformedWeight)
            let paddedBias = transformedWeight + plan.transformedWeightSize
            for o in 0..<plan.outChannels { paddedBias[o] = o < geometry.outChannels ? bias?[o] ?? 0 : 0 }
            parallelOverBatch(geometry.batch, grain: plan.samplesPerBlock) { samples in
                ScratchPool.shared.withBuffer(count: plan.workerScratchSize) { scratch in
                    let products = scratch + plan.transformedInputSize, patch = products + plan.productsSize
                    for block in SampleBlock.blocks(of: samples, size: plan.samplesPerBlock, plane: plan.tilesPerSample) {
                        transformInputs(plan, block, input, patch: patch, into: scratch)
                        let tiles = block.width
                        for point in 0..<WinogradF43.points {
                            gemm(scratch + point * tiles * plan.inChannels, transposeA: false,
                                 transformedWeight + point * plan.inChannels * plan.outChannels, transposeB: false,
                                 into: products + point * tiles * plan.outChannels,
                                 m: tiles, n: plan.outChannels, k: plan.inChannels)
                        }
                        transformOutputs(plan, block, products, bias: paddedBias, patch: patch, into: output)
                        epilogue.apply(to: output, offset: block.start * geometry.outputSampleSize,
                                       count: block.count * geometry.outputSampleSize)
                    }
                }
            }
        }
    }

    /// `U[p]` for every point `p`, `[C, O]` each (padded channels zero), eight output channels a pass.
    private static func transformWeights(_ plan: WinogradPlan, _ weight: UnsafePointer<Float>,
                                         into transformed: UnsafeMutablePointer<Float>) {
        let inChannels = plan.geometry.inChannels, outChannels = plan.geometry.outChannels
        let pointStride = plan.inChannels * plan.outChannels
        for point in 0..<WinogradF43.points {
            (transformed + point * pointStride + inChannels * plan.outChannels)
                .update(repeating: 0, count: (plan.inChannels - inChannels) * plan.outChannels)
        }
        parallelFor(plan.outChannels / 8, minimumChunk: 8) { groups in
            withUnsafeTemporaryAllocation(of: SIMD8<Float>.self, capacity: 9 + 18) { buffer in
                let taps = buffer.baseAddress!
                let scratch = UnsafeMutableRawPointer(taps + 9).assumingMemoryBound(to: Float.self)
                for group in groups {
                    let first = 8 * group, count = Swift.min(8, outChannels - first)
                    for c in 0..<inChannels {
                        for tap in 0..<9 {
                            var lanes = SIMD8<Float>()
                            for lane in 0..<count { lanes[lane] = weight[((first + lane) * inChannels + c) * 9 + tap] }
                            taps[tap] = lanes
                        }
                        WinogradF43.transformWeight(taps, scratch: scratch, into: transformed + c * plan.outChannels + first,
                                                    pointStride: pointStride)
                    }
                }
            }
        }
    }

    /// `V[p]` of a block, `[tiles, C]` each with the block's tiles in sample, row, column order.
    /// The whole sample is gathered first so that each tile's channel groups are transformed
    /// one after the other: every point's row of `C` values is then written in one sweep of
    /// whole cache lines, not in 32-byte pieces a whole sample apart.
    static func transformInputs(_ plan: WinogradPlan, _ block: SampleBlock, _ input: UnsafePointer<Float>,
                                        patch: UnsafeMutablePointer<Float>, into transformed: UnsafeMutablePointer<Float>) {
        let geometry = plan.geometry, channels = plan.inChannels, pointStride = block.width * channels
        let rowStride = plan.patchRowStride
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 8 * WinogradF43.scratchVectors) { scratch in
            for s in 0..<block.count {
                let sample = input + (block.start + s) * geometry.inputSampleSize
                for first in stride(from: 0, to: channels, by: 8) {
                    plan.inputPatch.gather(sample, channels: geometry.inChannels, first: first,
                                           into: patch + first / 8 * plan.patchSize)
                }
                for tileRow in 0..<plan.tilesHigh {
                    for tileColumn in 0..<plan.tilesWide {
                        let tile = s * plan.tilesPerSample + tileRow * plan.tilesWide + tileColumn
                        let corner = patch + 4 * tileRow * rowStride + 32 * tileColumn
                        for first in stride(from: 0, to: channels, by: 8) {
                            WinogradF43.transformInput(corner + first / 8 * plan.patchSize, rowStride: rowStride,
                                                       scratch: scratch.baseAddress!,
                                                       into: transformed + tile * channels + first, pointStride: pointStride)
                        }
                    }
                }
            }
        }
    }

    /// Writes a 4x4 tile of eight channels (output `(r, s)` of all channels at `tile + 8(4r + s)`)
    /// to its channels' planes: two 8x8 transposes turn it into two rows of each channel per vector.
    @inline(__always)
    private static func storeWholeTile(_ tile: UnsafeMutablePointer<Float>, corner: UnsafeMutablePointer<Float>,
                                       rowStride: Int, channelStride: Int) {
        withUnsafeTemporaryAllocation(of: SIMD8<Float>.self, capacity: 16) { buffer in
            let block = buffer.baseAddress!
            for half in 0..<2 {
                for position in 0..<8 { block[position] = SIMDLoops.load(tile + 8 * (8 * half + position)) }
                let channels = InterleavedPatch.transpose8x8(block)
                for lane in 0..<8 {
                    let target = corner + lane * channelStride + 2 * half * rowStride
                    storeFour(channels[lane].lowHalf, target)
                    storeFour(channels[lane].highHalf, target + rowStride)
                }
            }
        }
    }

    @inline(__always)
    private static func storeFour(_ value: SIMD4<Float>, _ pointer: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: SIMD4<Float>.self)
    }

    /// The output tiles of a block from its products `M[p]` (`[tiles, O]` each), plus the bias.
    private static func transformOutputs(_ plan: WinogradPlan, _ block: SampleBlock, _ products: UnsafePointer<Float>,
                                         bias: UnsafePointer<Float>, patch: UnsafeMutablePointer<Float>,
                                         into output: UnsafeMutablePointer<Float>) {
        let geometry = plan.geometry, channels = plan.outChannels, pointStride = block.width * channels
        let outHeight = geometry.height.outputSize, outWidth = geometry.width.outputSize, plane = geometry.outputPlaneSize
        withUnsafeTemporaryAllocation(of: Float.self, capacity: 8 * WinogradF43.scratchVectors) { scratch in
            for s in 0..<block.count {
                let sample = output + (block.start + s) * geometry.outputSampleSize
                for first in stride(from: 0, to: channels, by: 8) {
                    let count = Swift.min(8, geometry.outChannels - first), lanes = SIMDLoops.load(bias + first)
                    for tileRow in 0..<plan.tilesHigh {
                        for tileColumn in 0..<plan.tilesWide {
                            let tile = s * plan.tilesPerSample + tileRow * plan.tilesWide + tileColumn
                            WinogradF43.transformOutput(products + tile * channels + first, pointStride: pointStride,
                                                        bias: lanes, scratch: scratch.baseAddress!, into: patch)
                            let rows = Swift.min(4, outHeight - 4 * tileRow), columns = Swift.min(4, outWidth - 4 * tileColumn)
                            let corner = sample + 4 * tileRow * outWidth + 4 * tileColumn
                            if rows == 4, columns == 4, count == 8 {
                                storeWholeTile(patch, corner: corner + first * plane, rowStride: outWidth, channelStride: plane)
                                continue
                            }
                            for lane in 0..<count {
                                let target = corner + (first + lane) * plane
                                for r in 0..<rows {
                                    for c in 0..<columns { target[r * outWidth + c] = patch[8 * (4 * r + c) + lane] }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The sizes of one ``WinogradConv`` call: tiles, padded channel counts, block and scratch sizes.
struct WinogradPlan {
    let geometry: ConvGeometry
    /// Output tiles per column and per row of a sample.
    let tilesHigh: Int
    let tilesWide: Int
    /// Channel counts rounded up to multiples of eight.
    let inChannels: Int
    let outChannels: Int
    let samplesPerBlock: Int

    init(_ geometry: ConvGeometry) {
        precondition(geometry.allowsWinograd, "WinogradPlan: not a 3x3, stride-1, undilated, ungrouped convolution")
        self.geometry = geometry
        tilesHigh = (geometry.height.outputSize + 3) / 4
        tilesWide = (geometry.width.outputSize + 3) / 4
        inChannels = (geometry.inChannels + 7) / 8 * 8
        outChannels = (geometry.outChannels + 7) / 8 * 8
        // Blocks of about 128 tiles (the GEMMs' rows) whose transformed inputs and products
        // stay within 4 MB, two blocks per core at least, as in ``ConvGeometry/samplesPerGemm``.
        let tiles = tilesHigh * tilesWide
        let wanted = (128 + tiles - 1) / tiles
        let fitting = (1 << 20) / (WinogradF43.points * (inChannels + outChannels) * tiles)
        let spread = geometry.batch / (2 * ProcessorCount.value)
        samplesPerBlock = Swift.max(1, Swift.min(wanted, fitting, spread))
    }

    var tilesPerSample: Int { tilesHigh * tilesWide }
    /// The padded region the tiles read: each tile's 6x6 input overlaps its neighbours by two.
    var inputPatch: InterleavedPatch {
        InterleavedPatch(planeHeight: geometry.height.inputSize, planeWidth: geometry.width.inputSize,
                         top: geometry.height.padding, left: geometry.width.padding,
                         rows: 4 * tilesHigh + 2, columns: 4 * tilesWide + 2)
    }
    /// The output gradient's region for the weight gradient: whole 4x4 tiles, unpadded.
    var gradientPatch: InterleavedPatch {
        InterleavedPatch(planeHeight: geometry.height.outputSize, planeWidth: geometry.width.outputSize,
                         top: 0, left: 0, rows: 4 * tilesHigh, columns: 4 * tilesWide)
    }
    var patchRowStride: Int { inputPatch.rowStride }
    /// One sample's eight interleaved input channels, also large enough for one output tile.
    var patchSize: Int { inputPatch.size }
    /// Every channel group of one sample, one patch each.
    var samplePatchesSize: Int { patchSize * inChannels / 8 }
    var transformedWeightSize: Int { WinogradF43.points * inChannels * outChannels }
    var transformedInputSize: Int { WinogradF43.points * samplesPerBlock * tilesPerSample * inChannels }
    var productsSize: Int { WinogradF43.points * samplesPerBlock * tilesPerSample * outChannels }
    var workerScratchSize: Int { transformedInputSize + productsSize + samplePatchesSize }
}
