import KDTensor
import Foundation

/// `kdzoo bench`'s table: one line per measurement, in the order measured.
enum BenchTable {
    static func render(_ rows: [BenchRow], batch: Int, timing: BenchTiming, loadAverage: Double?) -> String {
        var table = TextTable(["row", "measure", "value", "unit", "ms/batch", "CPU ms/batch", "params", "peak RSS", "start RSS"],
                              rightAligned: [2, 4, 5, 6, 7, 8])
        for row in rows {
            table.append([row.row, row.measure, String(format: row.unit == "GFLOP/s" ? "%.1f" : "%.0f", row.value), row.unit,
                          row.seconds.map { String(format: "%.1f", 1000 * $0) } ?? "",
                          row.cpuSeconds.map { String(format: "%.1f", 1000 * $0) } ?? "",
                          row.parameters.map(Quantity.grouped) ?? "",
                          row.peakResidentMegabytes.map { String(format: "%.0f MB", $0) } ?? "",
                          row.startResidentMegabytes.map { String(format: "%.0f MB", $0) } ?? ""])
        }
        let threads = ProcessInfo.processInfo.environment["OPENBLAS_NUM_THREADS"] ?? "unset"
        let load = loadAverage.map { String(format: ", load average %.2f before the run", $0) } ?? ""
        return """
            kdzoo bench: batch \(batch); images 3x32x32 with 100 classes, sequences 100x40 with 10 classes; \
            median of \(timing.repeats) timed runs after \(timing.warmUps) warm-ups
            \(ProcessorCount.value) cores, OPENBLAS_NUM_THREADS=\(threads)\(load)

            \(table.render())

            inference: evaluation mode, no gradients. train: forward, cross-entropy, backward, SGD step
            (momentum 0.9, weight decay 5e-4). CPU ms/batch: process CPU time (all threads) per batch, the
            figure to compare across runs on a busy machine. kd: teacher forward (evaluation mode, no gradients), student
            forward, 0.9·T²·KL(T=4) + 0.1·CE, backward, SGD step. Each model and each teacher:student pair
            runs in its own process: peak RSS is that process's peak resident set (VmHWM; a model's after
            inference, then after training), start RSS its resident set before the networks were built.
            conv3x3: the 3x3 convolutions of WRN-16-2's blocks over all three layer shapes, by Winograd
            F(4x4, 3x3) as Conv2d runs them, in direct-convolution GFLOP/s; sgemm: the GEMMs they
            would lower to by im2col, as single OpenBLAS calls.
            """
    }
}
