/// Depthwise convolution (`groups == C == O`) as a direct kernel.
///
/// Each channel is convolved with its own small filter, so an im2col GEMM would have a
/// single output row per group: all copying and no reuse. Instead each input plane is
/// copied once into a zero-padded, stride-phase-split scratch plane (`PhasePlane`), where
/// every tap of every output row is an in-bounds contiguous run. The loops then go over
/// four output columns at a time with all taps innermost, so each output is loaded and
/// stored once instead of once per tap, and no call or bounds logic is paid per (tap, row).
///
/// The scratch planes are a few kilobytes, so they come from `withUnsafeTemporaryAllocation`,
/// not `ScratchPool`: pooled small buffers took the pool's large im2col buffers or churned
/// malloc's heap between activations, and raised mobilenetv2-0.5's training peak RSS by ~60 MB.
enum DepthwiseConv {
    static func forward(_ geometry: ConvGeometry, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                        bias: UnsafePointer<Float>?, clamp: OutputClamp? = nil, output: UnsafeMutablePointer<Float>) {
        let channels = geometry.inChannels, layout = PhasePlane(height: geometry.height, width: geometry.width)
        let inPlane = geometry.height.inputSize * geometry.width.inputSize, outPlane = geometry.outputPlaneSize
        let outH = geometry.height.outputSize, outW = geometry.width.outputSize, taps = layout.tapOffsets.count
        layout.tapOffsets.withUnsafeBufferPointer { offsets in
            parallelFor(geometry.batch * channels) { planes in
                withUnsafeTemporaryAllocation(of: Float.self, capacity: layout.count) { buffer in
                    let padded = buffer.baseAddress!
                    padded.update(repeating: 0, count: layout.count)
                    for plane in planes {
                        let c = plane % channels, w = weight + c * taps, b = bias?[c] ?? 0
                        layout.pad(input + plane * inPlane, into: padded)
                        for oh in 0..<outH {
                            let source = UnsafePointer(padded + oh * layout.outputRowStep), y = output + plane * outPlane + oh * outW
                            forEachColumnBlock(outW) { ow in
                                var total = SIMD4<Float>(repeating: b)
                                for t in 0..<taps { total += w[t] * load4(source + offsets[t] + ow) }
                                store4(total, y + ow)
                            } scalar: { ow in
                                var total = b
                                for t in 0..<taps { total += w[t] * source[offsets[t] + ow] }
                                y[ow] = total
                            }
                        }
                        clamp?.apply(output + plane * outPlane, count: outPlane)
                    }
                }
            }
        }
    }

    /// Channels are spread over the cores; each worker owns its channels' slices of every gradient.
    static func backward(_ geometry: ConvGeometry, outputGradient: UnsafePointer<Float>, input: UnsafePointer<Float>,
                         weight: UnsafePointer<Float>, into gradients: ConvGradients) {
        let channels = geometry.inChannels, layout = PhasePlane(height: geometry.height, width: geometry.width)
        let inPlane = geometry.height.inputSize * geometry.width.inputSize, outPlane = geometry.outputPlaneSize
        let outH = geometry.height.outputSize, outW = geometry.width.outputSize, taps = layout.tapOffsets.count
        layout.tapOffsets.withUnsafeBufferPointer { offsets in
            parallelFor(channels) { channelRange in
                withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * layout.count) { buffer in
                    let scratch = buffer.baseAddress!
                    let padded = scratch, paddedGradient = scratch + layout.count
                    padded.update(repeating: 0, count: layout.count)
                    withUnsafeTemporaryAllocation(of: SIMD4<Float>.self, capacity: taps) { weightSums in
                        for c in channelRange {
                            let w = weight + c * taps
                            weightSums.initialize(repeating: SIMD4<Float>())
                            for n in 0..<geometry.batch {
                                let plane = n * channels + c, g = outputGradient + plane * outPlane
                                gradients.bias?[c] += SIMDLoops.sum(g, count: outPlane)
                                if gradients.weight != nil {
                                    layout.pad(input + plane * inPlane, into: padded)
                                    for oh in 0..<outH {
                                        let x = UnsafePointer(padded + oh * layout.outputRowStep), gRow = g + oh * outW
                                        forEachColumnBlock(outW) { ow in
                                            let gradient = load4(gRow + ow)
                                            for t in 0..<taps { weightSums[t] += gradient * load4(x + offsets[t] + ow) }
                                        } scalar: { ow in
                                            for t in 0..<taps { weightSums[t][0] += gRow[ow] * x[offsets[t] + ow] }
                                        }
                                    }
                                }
                                if let gradInput = gradients.input {
                                    paddedGradient.update(repeating: 0, count: layout.count)
                                    for oh in 0..<outH {
                                        let dx = paddedGradient + oh * layout.outputRowStep, gRow = g + oh * outW
                                        forEachColumnBlock(outW) { ow in
                                            let gradient = load4(gRow + ow)
                                            for t in 0..<taps {
                                                let target = dx + offsets[t] + ow
                                                store4(load4(target) + w[t] * gradient, target)
                                            }
                                        } scalar: { ow in
                                            for t in 0..<taps { dx[offsets[t] + ow] += w[t] * gRow[ow] }
                                        }
                                    }
                                    layout.unpad(paddedGradient, into: gradInput + plane * inPlane)
                                }
                            }
                            if let gradWeight = gradients.weight {
                                for t in 0..<taps { gradWeight[c * taps + t] += weightSums[t].sum() }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Runs `vector(ow)` for each full block of four output columns `ow..<ow+4` and
    /// `scalar(ow)` for the remaining columns of a row of `width`.
    @inline(__always)
    private static func forEachColumnBlock(_ width: Int, _ vector: (Int) -> Void, scalar: (Int) -> Void) {
        var ow = 0
        while ow + 4 <= width {
            vector(ow)
            ow += 4
        }
        while ow < width {
            scalar(ow)
            ow += 1
        }
    }

    @inline(__always)
    private static func load4(_ pointer: UnsafePointer<Float>) -> SIMD4<Float> {
        UnsafeRawPointer(pointer).loadUnaligned(as: SIMD4<Float>.self)
    }

    @inline(__always)
    private static func load4(_ pointer: UnsafeMutablePointer<Float>) -> SIMD4<Float> {
        UnsafeRawPointer(pointer).loadUnaligned(as: SIMD4<Float>.self)
    }

    @inline(__always)
    private static func store4(_ value: SIMD4<Float>, _ pointer: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: SIMD4<Float>.self)
    }
}
