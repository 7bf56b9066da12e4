import KDLayers
import KDTensor
import KDZoo

/// Sequence-level knowledge distillation of Kim and Rush (2016), "Sequence-Level Knowledge
/// Distillation": the teacher decodes every training source once with beam search, and the
/// student is trained on the teacher's output sequences ŷ instead of the dataset's targets,
///
///     loss = −log p_student(ŷ | x) / |ŷ|   (the per-token cross-entropy on ŷ, `</s>` included).
///
/// The sequences are generated before the first epoch (``TeacherTranscripts``), capped at the
/// dataset's target width, and with a teacher cache stored in HDF5 for later runs. The hard-label
/// cross-entropy defaults to weight 0: the batches carry ŷ, so it would repeat this term. With
/// `word-kd` (`seq-kd+word-kd`) the student also matches the teacher's per-step distributions
/// along ŷ, Kim & Rush's "Seq-KD + Word-KD".
public final class SequenceLevelDistillation: TargetRewritingMethod {
    public let name = "seq-kd"
    public let weight: Float
    /// The teacher's beam width (Kim & Rush use 5).
    public let beamWidth: Int
    /// The teacher's outputs are read once, before training, not per batch.
    public let teacherTaps: [String] = []
    public var defaultCrossEntropyWeight: Float? { 0 }
    private var transcripts: TeacherTranscripts?

    public init(beamWidth: Int = 5, weight: Float = 1) {
        precondition(beamWidth >= 1, "seq-kd beam width must be at least 1, got \(beamWidth)")
        self.beamWidth = beamWidth
        self.weight = weight
    }

    public func prepareTargets(teacher: TeacherSession, data: BatchProvider, cache: TeacherCache?,
                               observer: TrainingObserver) throws {
        transcripts = try TeacherTranscripts(teacher: teacher, data: data, beamWidth: beamWidth,
                                             file: cache?.companionPath(prefix: "seqkd", detail: "beam\(beamWidth)"),
                                             observer: observer)
    }

    public func rewrite(_ batch: TrainingBatch) -> TrainingBatch {
        guard let transcripts else { preconditionFailure("seq-kd: rewrite before prepareTargets") }
        return transcripts.rewrite(batch)
    }

    public func loss(student: NetworkOutput, teacher: NetworkOutput, step: TrainingStep) -> Tensor {
        labelCrossEntropy(logits: student.logits, labels: step.labels)
    }
}
