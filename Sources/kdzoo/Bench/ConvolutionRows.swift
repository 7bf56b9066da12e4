extension ConvBenchmark.Report {
    /// The kernels measurement as three rows of the bench table, each over all layers together
    /// (total flops over total time): forward, backward (input and weight gradients) and sgemm
    /// on the GEMMs the forward passes lower to. The convolution rows are Winograd's, the
    /// algorithm `Conv2d` runs for these layers (every 3x3 stride-1 layer of 16 or more channels).
    var summaryRows: [BenchRow] {
        let row = "conv3x3"
        let flops = layers.map { Double($0.batch * $0.layer.channels * $0.layer.size * $0.layer.size * $0.layer.channels) }
        // Each layer's time is proportional to its flops over its rate; constant factors cancel.
        func overall(_ gflops: (ConvBenchmark.Result) -> Double) -> Double {
            flops.reduce(0, +) / zip(layers, flops).map { $1 / gflops($0) }.reduce(0, +)
        }
        return [
            BenchRow(row: row, measure: "conv-forward", unit: "GFLOP/s", value: overall(\.winogradForwardGflops)),
            BenchRow(row: row, measure: "conv-backward", unit: "GFLOP/s", value: overall(\.winogradBackwardGflops)),
            BenchRow(row: row, measure: "sgemm", unit: "GFLOP/s", value: overall(\.sgemmGflops)),
        ]
    }
}
