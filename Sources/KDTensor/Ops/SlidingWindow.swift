/// One spatial axis of a sliding-window op (convolution or pooling): which input
/// position each (output position, kernel tap) pair reads.
///
/// Output position `o` with tap `k` reads input `o * stride - padding + k * dilation`;
/// taps that land in the padding read nothing. Kernels ask for the range of outputs whose
/// tap is in bounds once per tap, so their inner loops run without bounds checks.
@usableFromInline
struct SlidingWindow {
    @usableFromInline let inputSize: Int
    @usableFromInline let kernel: Int
    @usableFromInline let stride: Int
    @usableFromInline let padding: Int
    @usableFromInline let dilation: Int
    @usableFromInline let outputSize: Int

    @usableFromInline
    init(inputSize: Int, kernel: Int, stride: Int, padding: Int, dilation: Int = 1) {
        self.inputSize = inputSize
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        let span = dilation * (kernel - 1) + 1
        outputSize = (inputSize + 2 * padding - span) / stride + 1
    }

    /// The height and width axes of an NCHW op, checked: positive kernel, stride and
    /// dilation, non-negative padding, and at least one output position.
    static func pair(op: String, input: [Int], kernel: Size2D, stride: Size2D, padding: Size2D,
                     dilation: Size2D = 1) -> (height: SlidingWindow, width: SlidingWindow) {
        precondition(input.count == 4, "\(op): input must be NCHW, got \(Shape.describe(input))")
        precondition(kernel.height > 0 && kernel.width > 0, "\(op): kernel size \(kernel) must be positive")
        precondition(stride.height > 0 && stride.width > 0, "\(op): stride \(stride) must be positive")
        precondition(dilation.height > 0 && dilation.width > 0, "\(op): dilation \(dilation) must be positive")
        precondition(padding.height >= 0 && padding.width >= 0, "\(op): padding \(padding) must not be negative")
        let height = SlidingWindow(inputSize: input[2], kernel: kernel.height, stride: stride.height,
                                   padding: padding.height, dilation: dilation.height)
        let width = SlidingWindow(inputSize: input[3], kernel: kernel.width, stride: stride.width,
                                  padding: padding.width, dilation: dilation.width)
        precondition(input[2] + 2 * padding.height >= dilation.height * (kernel.height - 1) + 1
                     && input[3] + 2 * padding.width >= dilation.width * (kernel.width - 1) + 1,
                     "\(op): kernel \(kernel) (dilation \(dilation)) is larger than the padded input \(Shape.describe(input))")
        return (height, width)
    }

    /// The input position read by output `output` at tap `tap` (may lie in the padding).
    @inlinable
    func inputIndex(output: Int, tap: Int) -> Int {
        output * stride - padding + tap * dilation
    }

    /// The outputs whose tap `tap` reads inside the input, as a contiguous range.
    @inlinable
    func validOutputs(tap: Int) -> Range<Int> {
        let offset = tap * dilation - padding
        // o * stride + offset >= 0  and  o * stride + offset <= inputSize - 1
        let low = offset >= 0 ? 0 : Swift.min(outputSize, (-offset + stride - 1) / stride)
        let lastReadable = inputSize - 1 - offset
        let high = lastReadable < 0 ? 0 : Swift.min(outputSize, lastReadable / stride + 1)
        return low < high ? low..<high : low..<low
    }

    /// The inputs inside the window of output `output`, for windows without dilation.
    @inlinable
    func undilatedInputs(output: Int) -> Range<Int> {
        let start = output * stride - padding, low = Swift.max(start, 0)
        return low..<Swift.max(low, Swift.min(start + kernel, inputSize))
    }
}

/// The taps of a 2-D kernel sliding over one input plane, for kernels that work one tap at
/// a time (im2col, col2im, depthwise convolution).
///
/// At tap `(i, j)`, output `(oh, ow)` reads input offset `origin + oh·rowStep + ow·columnStep`
/// of its plane, in bounds exactly for `oh ∈ rows` and `ow ∈ columns`.
struct KernelTaps {
    let height: SlidingWindow
    let width: SlidingWindow

    /// One tap: its index `i·kW + j`, the outputs that read inside the plane, and where output (0, 0) reads.
    struct Span {
        let tap: Int
        let rows: Range<Int>
        let columns: Range<Int>
        let origin: Int
    }

    var count: Int { height.kernel * width.kernel }
    var rowStep: Int { height.stride * width.inputSize }
    var columnStep: Int { width.stride }

    /// Whether a run of whole output rows reads one contiguous run of input (stride 1 and
    /// as many output as input columns, as in a "same" convolution): then a tap's whole
    /// block is one copy, with the padding columns fixed up afterwards.
    var isContiguous: Bool { columnStep == 1 && rowStep == width.outputSize }

    /// Every tap, in kernel order.
    var spans: [Span] {
        (0..<height.kernel).flatMap { i in
            let rows = height.validOutputs(tap: i)
            return (0..<width.kernel).map { j in
                Span(tap: i * width.kernel + j, rows: rows, columns: width.validOutputs(tap: j),
                     origin: height.inputIndex(output: 0, tap: i) * width.inputSize + width.inputIndex(output: 0, tap: j))
            }
        }
    }
}
