/// Depthwise convolution (`groups == C == O`) as a direct kernel.
///
/// Each channel is convolved with its own small filter, so an im2col GEMM would have a
/// single output row per group: all copying and no reuse. Instead each input plane is
/// copied once into a zero-padded, stride-phase-split scratch plane (`PhasePlane`), where
/// every tap of every output row is an in-bounds contiguous run. The loops then go over
/// eight output columns at a time (then four, then one) with all taps innermost, so each
/// output is loaded and stored once instead of once per tap, and no call or bounds logic is
/// paid per (tap, row). Eight columns fill an AVX register: mobilenetv2-0.5's depthwise layers
/// run on planes 32, 16 and 8 wide at CIFAR size.
///
/// The scratch planes are a few kilobytes, so they come from `withUnsafeTemporaryAllocation`,
/// not `ScratchPool`: pooled small buffers took the pool's large im2col buffers or churned
/// malloc's heap between activations, and raised mobilenetv2-0.5's training peak RSS by ~60 MB.
enum DepthwiseConv {
    static func forward(_ geometry: ConvGeometry, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                        bias: UnsafePointer<Float>?, epilogue: OutputEpilogue = .none, output: UnsafeMutablePointer<Float>) {
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
                            func columns<V: SIMD>(_ ow: Int, _: V.Type) where V.Scalar == Float {
                                var total = V(repeating: b)
                                for t in 0..<taps { total += w[t] * load(source + offsets[t] + ow) }
                                store(total, y + ow)
                            }
                            forEachColumnBlock(outW) { columns($0, SIMD8<Float>.self) } four: { columns($0, SIMD4<Float>.self) } scalar: { ow in
                                var total = b
                                for t in 0..<taps { total += w[t] * source[offsets[t] + ow] }
                                y[ow] = total
                            }
                        }
                        epilogue.apply(to: output, offset: plane * outPlane, count: outPlane)
                    }
                }
            }
        }
    }

    /// At stride 1 the input gradient is this forward kernel run on the output gradient with
    /// each filter flipped (see ``ConvGeometry/inputGradientConvolution``): every value is loaded
    /// and stored once, where the scatter below reads and writes it once per tap.
    static func backward(_ geometry: ConvGeometry, outputGradient: UnsafePointer<Float>, input: UnsafePointer<Float>,
                         weight: UnsafePointer<Float>, into gradients: ConvGradients) {
        guard let gradInput = gradients.input, let transposed = geometry.inputGradientConvolution else {
            scatterBackward(geometry, outputGradient: outputGradient, input: input, weight: weight, into: gradients)
            return
        }
        let flipped = geometry.inputGradientWeight(weight)
        forward(transposed, input: outputGradient, weight: flipped.pointer, bias: nil, output: gradInput)
        if gradients.weight != nil || gradients.bias != nil {
            scatterBackward(geometry, outputGradient: outputGradient, input: input, weight: weight,
                            into: ConvGradients(input: nil, weight: gradients.weight, bias: gradients.bias))
        }
    }

    /// Every gradient in one sweep, the input's by scattering each output gradient onto the taps
    /// that produced it. Channels are spread over the cores; each worker owns its channels' slices
    /// of every gradient.
    private static func scatterBackward(_ geometry: ConvGeometry, outputGradient: UnsafePointer<Float>,
                                        input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                                        into gradients: ConvGradients) {
        let channels = geometry.inChannels, layout = PhasePlane(height: geometry.height, width: geometry.width)
        let inPlane = geometry.height.inputSize * geometry.width.inputSize, outPlane = geometry.outputPlaneSize
        let outH = geometry.height.outputSize, outW = geometry.width.outputSize, taps = layout.tapOffsets.count
        layout.tapOffsets.withUnsafeBufferPointer { offsets in
            parallelFor(channels) { channelRange in
                withUnsafeTemporaryAllocation(of: Float.self, capacity: 2 * layout.count) { buffer in
                    let scratch = buffer.baseAddress!
                    let padded = scratch, paddedGradient = scratch + layout.count
                    padded.update(repeating: 0, count: layout.count)
                    // Per tap, the products of eight (and of four) columns at a time, summed at the end.
                    withUnsafeTemporaryAllocation(of: SIMD8<Float>.self, capacity: 2 * taps) { weightSums in
                        let wideSums = weightSums.baseAddress!
                        let narrowSums = UnsafeMutableRawPointer(wideSums + taps).assumingMemoryBound(to: SIMD4<Float>.self)
                        for c in channelRange {
                            let w = weight + c * taps
                            weightSums.initialize(repeating: SIMD8<Float>())
                            for n in 0..<geometry.batch {
                                let plane = n * channels + c, g = outputGradient + plane * outPlane
                                gradients.bias?[c] += SIMDLoops.sum(g, count: outPlane)
                                if gradients.weight != nil {
                                    layout.pad(input + plane * inPlane, into: padded)
                                    for oh in 0..<outH {
                                        let x = UnsafePointer(padded + oh * layout.outputRowStep), gRow = g + oh * outW
                                        func columns<V: SIMD>(_ ow: Int, into sums: UnsafeMutablePointer<V>) where V.Scalar == Float {
                                            let gradient: V = load(gRow + ow)
                                            for t in 0..<taps { sums[t] += gradient * load(x + offsets[t] + ow) }
                                        }
                                        forEachColumnBlock(outW) { columns($0, into: wideSums) } four: {
                                            columns($0, into: narrowSums)
                                        } scalar: { ow in
                                            for t in 0..<taps { narrowSums[t][0] += gRow[ow] * x[offsets[t] + ow] }
                                        }
                                    }
                                }
                                if let gradInput = gradients.input {
                                    paddedGradient.update(repeating: 0, count: layout.count)
                                    for oh in 0..<outH {
                                        let dx = paddedGradient + oh * layout.outputRowStep, gRow = g + oh * outW
                                        func columns<V: SIMD>(_ ow: Int, _: V.Type) where V.Scalar == Float {
                                            let gradient: V = load(gRow + ow)
                                            for t in 0..<taps {
                                                let target = dx + offsets[t] + ow
                                                store(load(target) + w[t] * gradient, target)
                                            }
                                        }
                                        forEachColumnBlock(outW) { columns($0, SIMD8<Float>.self) } four: {
                                            columns($0, SIMD4<Float>.self)
                                        } scalar: { ow in
                                            for t in 0..<taps { dx[offsets[t] + ow] += w[t] * gRow[ow] }
                                        }
                                    }
                                    layout.unpad(paddedGradient, into: gradInput + plane * inPlane)
                                }
                            }
                            if let gradWeight = gradients.weight {
                                for t in 0..<taps { gradWeight[c * taps + t] += wideSums[t].sum() + narrowSums[t].sum() }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Runs `eight(ow)` for each block of eight output columns `ow..<ow+8` of a row of `width`,
    /// `four(ow)` for a remaining block of four, and `scalar(ow)` for each column left.
    @inline(__always)
    private static func forEachColumnBlock(_ width: Int, _ eight: (Int) -> Void, four: (Int) -> Void,
                                           scalar: (Int) -> Void) {
        var ow = 0
        while ow + 8 <= width {
            eight(ow)
            ow += 8
        }
        if ow + 4 <= width {
            four(ow)
            ow += 4
        }
        while ow < width {
            scalar(ow)
            ow += 1
        }
    }

    @inline(__always)
    private static func load<V: SIMD>(_ pointer: UnsafePointer<Float>) -> V where V.Scalar == Float {
        UnsafeRawPointer(pointer).loadUnaligned(as: V.self)
    }

    @inline(__always)
    private static func load<V: SIMD>(_ pointer: UnsafeMutablePointer<Float>) -> V where V.Scalar == Float {
        UnsafeRawPointer(pointer).loadUnaligned(as: V.self)
    }

    @inline(__always)
    private static func store<V: SIMD>(_ value: V, _ pointer: UnsafeMutablePointer<Float>) where V.Scalar == Float {
        UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: V.self)
    }
}
