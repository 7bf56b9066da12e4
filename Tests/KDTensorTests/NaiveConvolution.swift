import KDTensor

/// The definition of convolution, one output element at a time.
func naiveConv(_ x: Tensor, _ w: Tensor, _ b: Tensor?, stride: Size2D = 1, padding: Size2D = 0, dilation: Size2D = 1,
               groups: Int = 1) -> Tensor {
    let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (o, cg, kh, kw) = (w.shape[0], w.shape[1], w.shape[2], w.shape[3])
    let oh = (h + 2 * padding.height - dilation.height * (kh - 1) - 1) / stride.height + 1
    let ow = (wd + 2 * padding.width - dilation.width * (kw - 1) - 1) / stride.width + 1
    let og = o / groups
    let y = Tensor.zeros([n, o, oh, ow])
    let input = x.scalars, filters = w.scalars, biases = b?.scalars
    for s in 0..<n { for oc in 0..<o { for r in 0..<oh { for q in 0..<ow {
        var total = biases?[oc] ?? 0
        let group = oc / og
        for ic in 0..<cg { for i in 0..<kh { for j in 0..<kw {
            let row = r * stride.height - padding.height + i * dilation.height
            let col = q * stride.width - padding.width + j * dilation.width
            if row >= 0, row < h, col >= 0, col < wd {
                total += input[((s * c + group * cg + ic) * h + row) * wd + col] * filters[((oc * cg + ic) * kh + i) * kw + j]
            }
        } } }
        y.pointer[((s * o + oc) * oh + r) * ow + q] = total
    } } } }
    return y
}

/// The weight gradient of an ungrouped, stride-1 convolution by its definition:
/// `dW[o, c, i, j] = Σ g[n, o, r, q] · x[n, c, r - p + i, q - p + j]` over samples and outputs.
func naiveConvWeightGradient(_ x: Tensor, _ g: Tensor, kernel: Size2D, padding: Size2D) -> Tensor {
    let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (o, oh, ow) = (g.shape[1], g.shape[2], g.shape[3])
    let dw = Tensor.zeros([o, c, kernel.height, kernel.width])
    let input = x.scalars, gradient = g.scalars
    for oc in 0..<o { for ic in 0..<c { for i in 0..<kernel.height { for j in 0..<kernel.width {
        var total: Float = 0
        for s in 0..<n { for r in 0..<oh { for q in 0..<ow {
            let row = r - padding.height + i, col = q - padding.width + j
            if row >= 0, row < h, col >= 0, col < wd {
                total += gradient[((s * o + oc) * oh + r) * ow + q] * input[((s * c + ic) * h + row) * wd + col]
            }
        } } }
        dw.pointer[((oc * c + ic) * kernel.height + i) * kernel.width + j] = total
    } } } }
    return dw
}
