/// Depthwise convolution (`groups == C == O`) as a direct kernel.
///
/// Each channel is convolved with its own small filter, so an im2col GEMM would have a
/// single output row per group: all copying and no reuse. Instead every kernel tap adds
/// a scaled, shifted copy of the input rows onto the output rows; the tap's in-bounds
/// output range is found once, so the inner loops are branch-free and vectorise.
enum DepthwiseConv {
    static func forward(_ geometry: ConvGeometry, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                        bias: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>) {
        let channels = geometry.inChannels
        let inPlane = geometry.height.inputSize * geometry.width.inputSize, outPlane = geometry.outputPlaneSize
        let taps = geometry.height.kernel * geometry.width.kernel
        parallelFor(geometry.batch * channels) { planes in
            for plane in planes {
                let c = plane % channels
                let y = output + plane * outPlane
                y.update(repeating: bias?[c] ?? 0, count: outPlane)
                forEachTapRow(geometry) { tap, inputOffset, outputOffset, count in
                    let w = weight[c * taps + tap]
                    let source = input + plane * inPlane + inputOffset, target = y + outputOffset
                    let step = geometry.width.stride
                    if step == 1 {
                        for k in 0..<count { target[k] += w * source[k] }
                    } else {
                        for k in 0..<count { target[k] += w * source[k * step] }
                    }
                }
            }
        }
    }

    /// Channels are spread over the cores; each worker owns its channels' slices of every gradient.
    static func backward(_ geometry: ConvGeometry, outputGradient: UnsafePointer<Float>, input: UnsafePointer<Float>,
                         weight: UnsafePointer<Float>, into gradients: ConvGradients) {
        let channels = geometry.inChannels
        let inPlane = geometry.height.inputSize * geometry.width.inputSize, outPlane = geometry.outputPlaneSize
        let taps = geometry.height.kernel * geometry.width.kernel
        let step = geometry.width.stride
        parallelFor(channels) { channelRange in
            for c in channelRange {
                for n in 0..<geometry.batch {
                    let plane = n * channels + c
                    let g = outputGradient + plane * outPlane
                    gradients.input?.advanced(by: plane * inPlane).update(repeating: 0, count: inPlane)
                    if let gradBias = gradients.bias {
                        var total: Float = 0
                        for i in 0..<outPlane { total += g[i] }
                        gradBias[c] += total
                    }
                    forEachTapRow(geometry) { tap, inputOffset, outputOffset, count in
                        let source = g + outputOffset
                        if let gradWeight = gradients.weight {
                            let x = input + plane * inPlane + inputOffset
                            var total: Float = 0
                            if step == 1 {
                                for k in 0..<count { total += source[k] * x[k] }
                            } else {
                                for k in 0..<count { total += source[k] * x[k * step] }
                            }
                            gradWeight[c * taps + tap] += total
                        }
                        if let gradInput = gradients.input {
                            let w = weight[c * taps + tap]
                            let dx = gradInput + plane * inPlane + inputOffset
                            if step == 1 {
                                for k in 0..<count { dx[k] += w * source[k] }
                            } else {
                                for k in 0..<count { dx[k * step] += w * source[k] }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Calls `body(tap, inputOffset, outputOffset, count)` for every kernel tap and output
    /// row: `count` outputs starting at `outputOffset` in the output plane read, at that
    /// tap, the inputs starting at `inputOffset` in the input plane (every `stride`-th one).
    @inline(__always)
    private static func forEachTapRow(_ geometry: ConvGeometry, _ body: (Int, Int, Int, Int) -> Void) {
        let taps = KernelTaps(height: geometry.height, width: geometry.width), outW = geometry.width.outputSize
        for span in taps.spans where !span.columns.isEmpty {
            let first = span.columns.lowerBound
            for oh in span.rows {
                body(span.tap, span.origin + oh * taps.rowStep + first * taps.columnStep, oh * outW + first, span.columns.count)
            }
        }
    }
}
