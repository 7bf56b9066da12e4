/// One model's line in a distillation report: what it is, how accurate, how big, how fast.
public struct ModelSummary: Codable, Equatable, Sendable {
    /// `teacher`, `student` or `baseline`.
    public enum Role: String, Codable, Sendable { case teacher, student, baseline }

    public var role: Role
    /// The architecture and variant, e.g. `wrn-40-2`, or a file name for a loaded model.
    public var model: String
    /// Top-1 accuracy in `[0, 1]` on the evaluation split; for a sequence-to-sequence model its
    /// sequence accuracy (the share of outputs decoded exactly), which the report's comparisons and
    /// the distillation metric then use.
    public var top1: Double
    /// Top-5 accuracy in `[0, 1]`, reported when there are more than 10 classes.
    public var top5: Double?
    /// Trainable parameters.
    public var parameters: Int
    /// Bytes of the saved state (parameters and buffers, float32).
    public var bytes: Int
    /// Multiply-accumulates for one sample.
    public var macs: Int
    /// Median inference latency for one sample, in milliseconds (a whole decoding for a
    /// sequence-to-sequence model).
    public var latencyMilliseconds: Double
    /// A sequence-to-sequence model's token error rate (edit operations per reference token).
    public var tokenErrorRate: Double?

    public init(role: Role, model: String, top1: Double, top5: Double? = nil, parameters: Int, bytes: Int,
                macs: Int, latencyMilliseconds: Double, tokenErrorRate: Double? = nil) {
        self.role = role
        self.model = model
        self.top1 = top1
        self.top5 = top5
        self.parameters = parameters
        self.bytes = bytes
        self.macs = macs
        self.latencyMilliseconds = latencyMilliseconds
        self.tokenErrorRate = tokenErrorRate
    }
}
