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
    var groupWeightSize: Int { groupOutChannels * groupColumns.rows }

    /// The column layout of one group of one sample.
    var groupColumns: ConvColumns { ConvColumns(channels: groupInChannels, height: height, width: width) }
    /// The column layout of all groups of one sample (groups occupy consecutive rows).
    var sampleColumns: ConvColumns { ConvColumns(channels: inChannels, height: height, width: width) }

    /// One output channel per input channel, each convolved with its own filter: run by a
    /// direct kernel instead of im2col (MobileNet's 3x3 depthwise layers).
    var isDepthwise: Bool { groups > 1 && groups == inChannels && groups == outChannels }

    /// A 1x1, stride-1, unpadded convolution: the input planes already are the column matrix.
    var isPointwise: Bool {
        height.kernel == 1 && width.kernel == 1 && height.stride == 1 && width.stride == 1
            && height.padding == 0 && width.padding == 0
    }

    /// Multiply-adds of the forward pass times two.
    var forwardFlops: Double {
        2 * Double(batch) * Double(outChannels) * Double(outputPlaneSize) * Double(groupColumns.rows)
    }
}
