/// Depthwise convolution (`groups == C == O`) as a direct kernel.
///
/// Each channel is convolved with its own small filter, so an im2col GEMM would have a
/// single output row per group: all copying and no reuse. Instead every kernel tap adds
/// a scaled, shifted copy of the input rows onto the output rows; the tap's in-bounds
/// output range is found once per call, so the inner loops are branch-free and vectorise.
enum DepthwiseConv {
    static func forward(_ geometry: ConvGeometry, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                        bias: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>) {
        let channels = geometry.inChannels, step = geometry.width.stride
        let inPlane = geometry.height.inputSize * geometry.width.inputSize, outPlane = geometry.outputPlaneSize
        let taps = geometry.height.kernel * geometry.width.kernel, rows = tapRows(geometry)
        parallelFor(geometry.batch * channels) { planes in
            for plane in planes {
                let c = plane % channels
                let y = output + plane * outPlane
                y.update(repeating: bias?[c] ?? 0, count: outPlane)
                for row in rows {
                    SIMDLoops.axpy(weight[c * taps + row.tap], input + plane * inPlane + row.inputOffset, step: step,
                                   into: y + row.outputOffset, count: row.count)
                }
            }
        }
    }

    /// Channels are spread over the cores; each worker owns its channels' slices of every gradient.
    static func backward(_ geometry: ConvGeometry, outputGradient: UnsafePointer<Float>, input: UnsafePointer<Float>,
                         weight: UnsafePointer<Float>, into gradients: ConvGradients) {
        let channels = geometry.inChannels, step = geometry.width.stride
        let inPlane = geometry.height.inputSize * geometry.width.inputSize, outPlane = geometry.outputPlaneSize
        let taps = geometry.height.kernel * geometry.width.kernel, rows = tapRows(geometry)
        parallelFor(channels) { channelRange in
            for c in channelRange {
                for n in 0..<geometry.batch {
                    let plane = n * channels + c
                    let g = outputGradient + plane * outPlane
                    gradients.input?.advanced(by: plane * inPlane).update(repeating: 0, count: inPlane)
                    gradients.bias?[c] += SIMDLoops.sum(g, count: outPlane)
                    for row in rows {
                        let source = g + row.outputOffset, count = row.count
                        gradients.weight?[c * taps + row.tap] +=
                            SIMDLoops.dot(source, input + plane * inPlane + row.inputOffset, count: count, step: step)
                        if let gradInput = gradients.input {
                            let w = weight[c * taps + row.tap]
                            let dx = gradInput + plane * inPlane + row.inputOffset
                            if step == 1 {
                                SIMDLoops.axpy(w, source, step: 1, into: dx, count: count)
                            } else {
                                for k in 0..<count { dx[k * step] += w * source[k] }
                            }
                        }
                    }
                }
            }
        }
    }

    /// One kernel tap over one output row: `count` outputs starting at `outputOffset` in the
    /// output plane read, with weight `tap`, the inputs starting at `inputOffset` in the input
    /// plane (every `stride`-th one).
    private struct TapRow {
        let tap: Int
        let inputOffset: Int
        let outputOffset: Int
        let count: Int
    }

    /// Every (tap, output row) pair with in-bounds reads; the same for every plane.
    private static func tapRows(_ geometry: ConvGeometry) -> [TapRow] {
        let taps = KernelTaps(height: geometry.height, width: geometry.width), outW = geometry.width.outputSize
        return taps.spans.filter { !$0.columns.isEmpty }.flatMap { span in
            span.rows.map { oh in
                TapRow(tap: span.tap, inputOffset: span.origin + oh * taps.rowStep + span.columns.lowerBound * taps.columnStep,
                       outputOffset: oh * outW + span.columns.lowerBound, count: span.columns.count)
            }
        }
    }
}
