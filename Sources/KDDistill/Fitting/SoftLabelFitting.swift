import KDTensor
import KDZoo

/// Distils a teacher into students that are fitted in one call rather than trained by gradient
/// (decision trees, see ``FittableNetwork``): the teacher labels the transfer set once — the
/// training samples (its outputs read from a ``TeacherCache`` when given) and any augmented
/// copies of them — and each student is fitted to the resulting soft targets. The baseline is
/// the same architecture fitted to the one-hot labels of the training samples alone.
public final class SoftLabelFitting {
    public let teacher: TeacherSession
    public let configuration: SoftLabelConfiguration
    private let trainData: BatchProvider
    private let augmentedData: BatchProvider?
    private let teacherCache: TeacherCache?
    private var labelled: TransferSet?

    /// `trainData` must visit every training sample exactly once (unshuffled, no dropped
    /// batches); `augmentedData`, needed when the configuration asks for copies, serves the same
    /// samples augmented, differently in each epoch.
    public init(teacher: TeacherSession, configuration: SoftLabelConfiguration, trainData: BatchProvider,
                augmentedData: BatchProvider? = nil, teacherCache: TeacherCache? = nil) throws {
        try configuration.validate()
        self.teacher = teacher
        self.configuration = configuration
        self.trainData = trainData
        self.augmentedData = augmentedData
        self.teacherCache = teacherCache
    }

    /// The transfer set with the teacher's logits, labelled on first use and kept.
    public func transferSet(observer: TrainingObserver = SilentObserver()) throws -> TransferSet {
        if let labelled { return labelled }
        let gathered = try TransferSet.gather(teacher: teacher, train: trainData, augmented: augmentedData,
                                              copies: configuration.augmentedCopies, cache: teacherCache, observer: observer)
        labelled = gathered
        return gathered
    }

    /// Fits `student`, which reads samples as `input`, to the teacher's targets on the transfer set.
    public func fit(_ student: any FittableNetwork, name: String, input: InputSpec,
                    observer: TrainingObserver = SilentObserver()) throws {
        let transfer = try transferSet(observer: observer)
        let targets = transfer.targets(temperature: configuration.temperature, alpha: configuration.alpha)
        let data = FittingData(inputs: transfer.inputs.reshaped(to: [transfer.count] + input.shape), targets: targets)
        try fit(student, name: name, to: data, observer: observer)
    }

    /// Fits `baseline` to the one-hot labels of the training samples alone: no teacher, no copies.
    public func fitBaseline(_ baseline: any FittableNetwork, name: String, input: InputSpec,
                            observer: TrainingObserver = SilentObserver()) throws {
        let transfer = try transferSet(observer: observer)
        try fit(baseline, name: name, to: transfer.originalsWithLabels(presentedAs: input), observer: observer)
    }

    private func fit(_ network: any FittableNetwork, name: String, to data: FittingData, observer: TrainingObserver) throws {
        try StudentFitting.fit(network, name: name, to: data, options: configuration.fitting, observer: observer)
    }
}
