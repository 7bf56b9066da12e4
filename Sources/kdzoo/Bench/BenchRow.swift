/// One line of `kdzoo bench`'s table and of its `--json`: one measured throughput.
///
/// `tools/torch_bench.py` writes the same fields for PyTorch, and `tools/bench_compare.py` joins
/// the two files on ``key``.
struct BenchRow: Codable {
    /// `row/measure`, unique in a run: `wrn-40-2/inference`, `wrn-40-2:wrn-16-2/kd`, `conv3x3/sgemm`.
    let key: String
    /// The case measured: a model, a `teacher:student` pair, or `conv3x3`.
    let row: String
    /// `inference`, `train`, `kd` (a distillation step), `conv-forward`, `conv-backward` or `sgemm`.
    let measure: String
    /// `img/s`, `seq/s` or `GFLOP/s`.
    let unit: String
    let value: Double
    /// Median seconds per batch, for throughput rows.
    let seconds: Double?
    /// Median process CPU seconds (user + system, all threads) per batch, for throughput rows:
    /// unlike ``seconds``, hardly affected by other processes on a shared machine.
    let cpuSeconds: Double?
    /// The network's parameter count (model rows only).
    let parameters: Int?
    /// The process's peak resident set (see ``ResidentMemory``) once this measurement finished,
    /// in MB (10^6 bytes). Each model and each pair is measured in a fresh process, so this is
    /// the peak of that case alone; a model's inference comes before its training step.
    let peakResidentMegabytes: Double?
    /// The resident set when the case started, before its networks were built: what the
    /// framework itself occupies. `peak − start` is what the case added.
    let startResidentMegabytes: Double?

    init(row: String, measure: String, unit: String, value: Double, seconds: Double? = nil, cpuSeconds: Double? = nil, parameters: Int? = nil,
         memory: (start: Double, peak: Double)? = nil) {
        key = "\(row)/\(measure)"
        self.row = row
        self.measure = measure
        self.unit = unit
        self.value = value
        self.seconds = seconds
        self.cpuSeconds = cpuSeconds
        self.parameters = parameters
        startResidentMegabytes = memory?.start
        peakResidentMegabytes = memory?.peak
    }
}
