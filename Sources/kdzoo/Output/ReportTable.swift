import Foundation
import KDDistill

extension DistillationReport {
    /// The report as the table a run ends with, followed by the comparisons for each student.
    func renderedTable() -> String {
        let models = teachers + students.flatMap { [$0.student] + ($0.baseline.map { [$0] } ?? []) }
        let showTop5 = models.contains { $0.top5 != nil }
        // Sequence-to-sequence models: "top-1" is the sequence accuracy, next to the token error rate.
        let showTokenErrors = models.contains { $0.tokenErrorRate != nil }
        var headers = ["model", "role", showTokenErrors ? "seq acc" : "top-1"]
        if showTop5 { headers.append("top-5") }
        if showTokenErrors { headers.append("TER") }
        headers += ["params", "size", "MACs", "latency"]
        var table = TextTable(headers, rightAligned: Set(2..<headers.count))
        func add(_ m: ModelSummary) {
            var row = [m.model, m.role.rawValue, Quantity.percent(m.top1)]
            if showTop5 { row.append(m.top5.map(Quantity.percent) ?? "—") }
            if showTokenErrors { row.append(m.tokenErrorRate.map(Quantity.percent) ?? "—") }
            row += [Quantity.count(m.parameters), Quantity.bytes(m.bytes), Quantity.count(m.macs),
                    String(format: "%.2f ms", m.latencyMilliseconds)]
            table.append(row)
        }
        teachers.forEach(add)
        for result in students {
            add(result.student)
            result.baseline.map(add)
        }
        var comparison = TextTable(["student", "vs teacher", "vs baseline", "size reduction", "distillation metric"],
                                   rightAligned: [1, 2, 3, 4])
        for result in students {
            comparison.append([
                result.student.model, result.accuracyLostVsTeacher.map { String(format: "%+.2f pts", -$0) } ?? "— (no teacher)",
                result.accuracyGainedVsBaseline.map { String(format: "%+.2f pts", $0) } ?? "— (no --baseline)",
                result.sizeReduction.map { String(format: "%.1f%%", $0) } ?? "—",
                result.distillationMetric.map { String(format: "%.4f", $0) } ?? "—",
            ])
        }
        return """
        \(method) on \(dataset), \(epochs) epochs, seed \(seed)

        \(table.render())

        \(comparison.render())
        distillation metric (Alkhulaifi et al. 2021, alpha \(metricAlpha)): lower is better
        """
    }
}
