/// The sizes of one `conv2d` call, checked once: input `[N, C, H, W]`, weight
/// `[O, C/groups, kH, kW]`, output `[N, O, H', W']`.
struct ConvGeometry {
    let batch: Int
    let inChannels: Int
    let outChannels: Int
    let groups: Int
    let height: SlidingWindow
    let width: SlidingWindow

    init(input: [Int], weight: [Int], bias: [Int]?, stride: Size2D, padding: Size2D, dilation: Size2D, groups: Int) {
        precondition(weight.count == 4, "conv2d: weight must be [O, C/groups, kH, kW], got \(Shape.describe(weight))")
        precondition(groups > 0, "conv2d: groups must be positive, got \(groups)")
        let (height, width) = SlidingWindow.pair(op: "conv2d", input: input, kernel: Size2D(weight[2], weight[3]),
                                                 stride: stride, padding: padding, dilation: dilation)
        precondition(input[1] % groups == 0 && weight[0] % groups == 0,
                     "conv2d: \(input[1]) input and \(weight[0]) output channels are not divisible by \(groups) groups")
        precondition(weight[1] * groups == input[1],
                     "conv2d: weight \(Shape.describe(weight)) expects \(weight[1] * groups) input channels, input \(Shape.describe(input)) has \(input[1])")
        if let bias {
            precondition(bias == [weight[0]], "conv2d: bias must be [\(weight[0])], got \(Shape.describe(bias))")
        }
        batch = input[0]
        inChannels = input[1]
        outChannels = weight[0]
        self.groups = groups
        self.height = height
        self.width = width
    }

    var groupInChannels: Int { inChannels / groups }
    var groupOutChannels: Int { outChannels / groups }
    var outputShape: [Int] { [batch, outChannels, height.outputSize, width.outputSize] }
    var inputSampleSize: Int { inChannels * height.inputSize * width.inputSize }
    var outputPlaneSize: Int { height.outputSize * width.outputSize }
    var outputSampleSize: Int { outChannels * outputPlaneSize }
    /// Elements of one group's slice of the weight: `[O/groups, C/groups * kH * kW]`.
    var groupWeightSize: Int { groupOutChannels * groupColumnRows }
    /// Rows of one group's column matrix (the GEMM's inner size): `C/groups * kH * kW`.
    var groupColumnRows: Int { groupInChannels * height.kernel * width.kernel }
    /// Floats in one group's column matrix.
    var groupColumnsSize: Int { groupColumnRows * outputPlaneSize }
    /// The column layout of all groups of one sample (groups occupy consecutive rows).
    var sampleColumns: ConvColumns { ConvColumns(channels: inChannels, height: height, width: width) }

    /// How many samples share one GEMM: enough for about 256 output columns (narrower GEMMs
    /// run well below OpenBLAS's speed), as long as their column matrices stay within about
    /// a megabyte (the L2 cache) and the batch still splits into two blocks per core (so the
    /// cores work on separate blocks rather than OpenBLAS threading one big GEMM).
    var samplesPerGemm: Int {
        let wanted = (256 + outputPlaneSize - 1) / outputPlaneSize
        let fitting = (1 << 18) / (groups * groupColumnRows * outputPlaneSize)
        let spread = batch / (2 * ProcessorCount.value)
        return Swift.max(1, Swift.min(wanted, fitting, spread))
    }

    /// One output channel per input channel, each convolved with its own filter: run by a
    /// direct kernel instead of im2col (MobileNet's 3x3 depthwise layers).
    var isDepthwise: Bool { groups > 1 && groups == inChannels && groups == outChannels }

    /// A 1x1, stride-1, unpadded convolution: the input planes already are the column matrix.
    var isPointwise: Bool {
        height.kernel == 1 && width.kernel == 1 && height.stride == 1 && width.stride == 1
            && height.padding == 0 && width.padding == 0
    }

    /// For a stride-1 convolution, the convolution that computes its input gradient from its
    /// output gradient: same dilation and groups, padding `dilation·(k-1) - padding`, and the
    /// weight with each group's channels swapped and the kernel rotated by 180°. Running the
    /// forward kernel on it replaces col2im with a second im2col and gives the GEMM `C` rows
    /// instead of `O` (a skinny GEMM when `O` is small). `nil` for strided convolutions and
    /// for padding wider than the kernel's reach.
    var inputGradientConvolution: ConvGeometry? {
        guard height.stride == 1, width.stride == 1 else { return nil }
        let padding = Size2D(height.dilation * (height.kernel - 1) - height.padding,
                             width.dilation * (width.kernel - 1) - width.padding)
        guard padding.height >= 0, padding.width >= 0 else { return nil }
        let transposed = ConvGeometry(input: outputShape, weight: [inChannels, groupOutChannels, height.kernel, width.kernel],
                                      bias: nil, stride: 1, padding: padding,
                                      dilation: Size2D(height.dilation, width.dilation), groups: groups)
        precondition(transposed.outputShape == [batch, inChannels, height.inputSize, width.inputSize],
                     "conv2d: input-gradient convolution has the wrong shape")
        return transposed
    }

    /// The weight of ``inputGradientConvolution``: input and output channels of
    /// each group swapped, kernel rotated by 180°.
    func inputGradientWeight(_ weight: UnsafePointer<Float>) -> Tensor {
        let kh = height.kernel, kw = width.kernel, taps = kh * kw
        let flipped = Tensor(uninitializedShape: [inChannels, groupOutChannels, kh, kw])
        let target = flipped.pointer, groupIn = groupInChannels, groupOut = groupOutChannels
        for group in 0..<groups {
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

    /// Multiply-adds of the forward pass times two.
    var forwardFlops: Double {
        2 * Double(batch) * Double(outChannels) * Double(outputPlaneSize) * Double(groupColumnRows)
    }
}
