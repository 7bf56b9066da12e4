import ArgumentParser
import Foundation
import KDTensor
import KDZoo
import KDZooCatalog

/// `kdzoo bench`: kernel and model throughput (see `make bench`; build with `-c release`).
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure convolution throughput against sgemm, and each architecture's training and inference speed.")

    /// What one run measures.
    enum Section: String, ExpressibleByArgument, CaseIterable {
        case kernels, models, all
    }

    @Option(help: """
        kernels: WRN-16-2's 3x3 convolutions against sgemm; models: train-step and inference throughput \
        per architecture on 3x32x32 images, 100 classes; all: both.
        """)
    var section: Section = .all

    @Option(name: .customLong("model"),
            help: "A zoo model for the models section (repeatable; default: every architecture's default variant).")
    var models: [String] = []

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

    /// Everything one run measured; absent sections are left out of the JSON.
    struct Report: Encodable {
        let kernels: ConvBenchmark.Report?
        let models: [ModelBenchmark.Result]?
    }

    func run() throws {
        let kernels = section == .models ? nil : ConvBenchmark(batch: batch, repeats: repeats).run(ConvBenchmark.wrn16x2)
        let throughput = section == .kernels ? nil : try measureModels()
        if json {
            print(try JSONOutput.render(Report(kernels: kernels, models: throughput)))
            return
        }
        if let kernels { printKernels(kernels) }
        if let throughput {
            if kernels != nil { print() }
            print(ModelBenchmark.render(throughput, repeats: repeats))
        }
    }

    private func measureModels() throws -> [ModelBenchmark.Result] {
        let registry = try Catalog.makeRegistry()
        let specs = models.isEmpty ? try registry.architectures.map(ModelSpec.init(defaultOf:)) : try models.map(registry.resolve)
        let benchmark = ModelBenchmark(batch: batch, repeats: repeats)
        return try specs.map(benchmark.measure)
    }

    private func printKernels(_ report: ConvBenchmark.Report) {
        let threads = ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"] ?? "unset"
        print("WRN-16-2 3x3 convolutions (stride 1, padding 1), batch \(batch), median of \(repeats) runs")
        let load = report.loadAverage.map { String(format: ", load average %.2f before the run", $0) } ?? ""
        print("\(report.cores) cores, OPENBLAS_NUM_THREADS=\(threads)\(load)\n")
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
        if let load = report.loadAverage, load > 0.5 * Double(report.cores) {
            print("Warning: other processes were using the cores; all figures are underestimates.")
        }
    }

    private func gflops(_ value: Double) -> String { String(format: "%.1f", value) }
}
