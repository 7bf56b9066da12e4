import Foundation
import KDDistill

/// Draws a run's progress on standard error: a bar per epoch with the loss parts, running
/// accuracy, throughput and ETA, and one summary line per epoch.
final class TerminalObserver: TrainingObserver {
    private var bar: ProgressBar?
    private let studentNames: [String]

    init(studentNames: [String]) {
        self.studentNames = studentNames
    }

    func phaseDidStart(_ name: String, total: Int) {
        bar = ProgressBar(total: total, label: name)
    }

    func phaseDidProgress(completed: Int) {
        bar?.update(completed: completed, detail: "")
    }

    func epochDidStart(_ epoch: Int, of epochs: Int, batches: Int) {
        bar?.finish()
        bar = ProgressBar(total: batches, label: "epoch \(epoch)/\(epochs)")
    }

    func batchDidFinish(_ progress: BatchProgress) {
        let students = progress.losses.indices.map { s in
            let parts = progress.losses[s].map { String(format: "%@ %.3f", $0.name, $0.value) }.joined(separator: " ")
            let prefix = progress.losses.count > 1 ? "\(studentNames[s]): " : ""
            return prefix + parts + String(format: " acc %.1f%%", 100 * progress.accuracy[s])
        }
        bar?.update(completed: progress.batch,
                    detail: students.joined(separator: " | ") + String(format: " %.0f img/s", progress.samplesPerSecond))
    }

    func epochDidFinish(_ summary: EpochSummary) {
        bar?.finish()
        bar = nil
        let students = summary.students.map { s in
            String(format: "%@ loss %.4f train %.2f%% test %.2f%%", s.name, s.trainLoss, 100 * s.trainAccuracy, 100 * s.testTop1)
                + (s.testTokenErrorRate.map { String(format: " TER %.2f%%", 100 * $0) } ?? "")
        }
        log(String(format: "epoch %d  lr %.4g  ", summary.epoch, summary.learningRate)
            + students.joined(separator: "  |  ") + String(format: "  (%.1fs)", summary.seconds))
    }

    func note(_ message: String) {
        bar?.finish()
        log(message)
    }

    private func log(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
