/// A method that teaches through the training targets rather than only through a loss: before
/// the first epoch the teacher writes new targets for every training sample, and the student is
/// then trained — teacher-forced — on those instead of the dataset's (sequence-level KD). The
/// trainer asks each student's methods for this, so other students of the run keep the dataset's
/// targets.
public protocol TargetRewritingMethod: DistillationMethod {
    /// Has `teacher` write the targets of every sample of `data`; with a `cache`, they are read from
    /// (or stored in) a file beside the teacher's cached outputs, keyed by the teacher and the data.
    func prepareTargets(teacher: TeacherSession, data: BatchProvider, cache: TeacherCache?, observer: TrainingObserver) throws
    /// `batch` with its targets replaced by the teacher's.
    func rewrite(_ batch: TrainingBatch) -> TrainingBatch
}
