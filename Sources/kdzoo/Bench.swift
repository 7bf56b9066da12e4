import ArgumentParser
import Foundation
import KDTensor
import KDZoo
import KDZooCatalog

/// `kdzoo bench`: kernel and model throughput (see `make bench`; build with `-c release`).
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Measure convolution throughput against sgemm, each model's inference and training speed, and distillation steps.",
        discussion: """
            Prints the kernels table (WRN-16-2's convolutions against sgemm) and one table with a line per \
            measurement. Each model and each teacher:student pair runs in a fresh process of this executable, \
            so its peak RSS is its own. tools/torch_bench.py measures the same rows in PyTorch and \
            `make bench-compare` prints the ratios.
            """)

    /// What one run measures.
    enum Section: String, ExpressibleByArgument, CaseIterable {
        case kernels, models, all
    }

    @Option(help: """
        kernels: WRN-16-2's 3x3 convolutions against sgemm; models: the model and distillation rows; \
        all: both, with the convolution rows in the table.
        """)
    var section: Section = .all

    @Option(name: [.customLong("row"), .customLong("model")],
            help: """
            A row to measure (repeatable): a zoo model (wrn-40-2), a distillation pair teacher:student \
            (wrn-40-2:wrn-16-2) or \(Self.convolutionRow). Default: issue 9's table.
            """)
    var rows: [String] = []

    @Flag(help: "Print results as JSON (every row keyed row/measure).")
    var json = false

    @Option(help: "Samples per batch.")
    var batch = 64

    @Option(help: "Timed runs per measurement (the median is reported).")
    var repeats = 7

    @Option(name: .customLong("warmups"), help: "Untimed runs before each measurement.")
    var warmUps = 2

    static let convolutionRow = "conv3x3"

    func validate() throws {
        guard batch > 0 else { throw ValidationError("--batch must be positive, got \(batch)") }
        guard repeats > 0 else { throw ValidationError("--repeats must be positive, got \(repeats)") }
        guard warmUps >= 0 else { throw ValidationError("--warmups must not be negative, got \(warmUps)") }
    }

    /// Everything one run measured, as `--json` prints it.
    struct Report: Encodable {
        let framework = "kdzoo"
        let version = KDZooVersion.string
        let threads = ProcessorCount.value
        let batch: Int
        let repeats: Int
        let warmUps: Int
        let loadAverage: Double?
        let rows: [BenchRow]
        let kernels: ConvBenchmark.Report?
    }

    func run() throws {
        let timing = BenchTiming(repeats: repeats, warmUps: warmUps)
        let loadAverage = SystemLoad.oneMinuteAverage()
        let registry = try Catalog.makeRegistry()
        let names = section == .kernels ? [] : (rows.isEmpty ? BenchCase.standardRows : rows.filter { $0 != Self.convolutionRow })
        // Parse every row before measuring any, so a typo fails at once.
        let cases = try names.map { try BenchCase(parsing: $0, registry: registry) }
        let measuresKernels = section == .kernels || (rows.isEmpty ? section == .all : rows.contains(Self.convolutionRow))
        let kernels = measuresKernels ? ConvBenchmark(batch: batch, repeats: repeats).run(ConvBenchmark.wrn16x2) : nil

        var measured: [BenchRow] = []
        if cases.count == 1 {
            measured = try cases[0].measure(batch: batch, timing: timing)
        } else {
            let isolated = IsolatedBenchRun(batch: batch, timing: timing)
            for (index, benchCase) in cases.enumerated() {
                FileHandle.standardError.write(Data("bench \(index + 1)/\(cases.count): \(benchCase.name)\n".utf8))
                measured += try isolated.measure(benchCase.name)
            }
        }
        if section != .kernels, let kernels { measured += kernels.summaryRows }

        if json {
            print(try JSONOutput.render(Report(batch: batch, repeats: repeats, warmUps: warmUps, loadAverage: loadAverage,
                                               rows: measured, kernels: kernels)))
            return
        }
        if let kernels { printKernels(kernels) }
        if !measured.isEmpty, section != .kernels {
            if kernels != nil { print() }
            print(BenchTable.render(measured, batch: batch, timing: timing, loadAverage: loadAverage))
        }
    }

    private func printKernels(_ report: ConvBenchmark.Report) {
        let threads = ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"] ?? "unset"
        print("WRN-16-2 3x3 convolutions (stride 1, padding 1), batch \(batch), median of \(repeats) runs")
        let load = report.loadAverage.map { String(format: ", load average %.2f before the run", $0) } ?? ""
        print("\(report.cores) cores, OPENBLAS_NUM_THREADS=\(threads)\(load)\n")
        var table = TextTable(["layer", "forward", "backward", "sgemm", "fwd/sgemm", "bwd/sgemm", "winograd fwd", "winograd bwd"],
                              rightAligned: [1, 2, 3, 4, 5, 6, 7])
        for result in report.layers {
            table.append(["\(result.layer.channels)ch @ \(result.layer.size)x\(result.layer.size)",
                          gflops(result.forwardGflops), gflops(result.backwardGflops), gflops(result.sgemmGflops),
                          String(format: "%.2f", result.forwardRatio), String(format: "%.2f", result.backwardRatio),
                          "\(gflops(result.winogradForwardGflops)) (\(String(format: "%.2fx", result.winogradForwardSpeedup)))",
                          "\(gflops(result.winogradBackwardGflops)) (\(String(format: "%.2fx", result.winogradBackwardSpeedup)))"])
        }
        print(table.render())
        print("""

            GFLOP/s. sgemm: the GEMM the layer lowers to, [C, 9C] x [9C, N*H*W] in one call.
            backward: input and weight gradients (twice the forward flops). Goal: >= 0.6 of sgemm.
            forward, backward: im2col + GEMM. winograd: F(4x4, 3x3), which Conv2d runs for these layers,
            in direct-convolution GFLOP/s (speed-up over im2col + GEMM in brackets).
            Square sgemm \(report.peakSgemmSize)^3 for reference: \(gflops(report.peakSgemmGflops)) GFLOP/s.
            """)
        if let load = report.loadAverage, load > 0.5 * Double(report.cores) {
            print("Warning: other processes were using the cores; all figures are underestimates.")
        }
    }

    private func gflops(_ value: Double) -> String { String(format: "%.1f", value) }
}
