import ArgumentParser
import Foundation
import KDTensor

/// `kdzoo bench`: kernel throughput (see `make bench`; build with `-c release`).
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure convolution throughput against sgemm on WRN-16-2's 3x3 layers.")

    @Flag(help: "Print results as JSON.")
    var json = false

    @Option(help: "Images per batch.")
    var batch = 64

    @Option(help: "Timed runs per measurement (the median is reported), after two warm-up runs.")
    var repeats = 7

    func validate() throws {
        guard batch > 0 else { throw ValidationError("--batch must be positive, got \(batch)") }
        guard repeats > 0 else { throw ValidationError("--repeats must be positive, got \(repeats)") }
    }

    func run() throws {
        let report = ConvBenchmark(batch: batch, repeats: repeats).run(ConvBenchmark.wrn16x2)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
            return
        }
        let threads = ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"] ?? "unset"
        print("WRN-16-2 3x3 convolutions (stride 1, padding 1), batch \(batch), median of \(repeats) runs")
        print("\(report.cores) cores, OPENBLAS_NUM_THREADS=\(threads)\n")
        var table = TextTable(["layer", "forward", "backward", "sgemm", "fwd/sgemm", "bwd/sgemm"], rightAligned: [1, 2, 3, 4, 5])
        for result in report.layers {
            table.append(["\(result.layer.channels)ch @ \(result.layer.size)x\(result.layer.size)",
                          gflops(result.forwardGflops), gflops(result.backwardGflops), gflops(result.sgemmGflops),
                          String(format: "%.2f", result.forwardRatio), String(format: "%.2f", result.backwardRatio)])
        }
        print(table.render())
        print("""

            GFLOP/s. sgemm: the GEMM the layer lowers to, [C, 9C] x [9C, N*H*W] in one call.
            backward: input and weight gradients (twice the forward flops). Goal: >= 0.6 of sgemm.
            Square sgemm \(report.peakSgemmSize)^3 for reference: \(gflops(report.peakSgemmGflops)) GFLOP/s.
            """)
    }

    private func gflops(_ value: Double) -> String { String(format: "%.1f", value) }
}
