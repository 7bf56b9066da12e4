import ArgumentParser
import KDData
import KDDistill
import KDZoo

extension Distill {
    /// The run of a student fitted to soft labels (a decision tree): the teacher labels the
    /// training set (from the run's cache) and `--copies` shifted copies of it, the student is
    /// fitted to `alpha · softmax(teacher / T) + (1 − alpha) · labels` — by default T = 1,
    /// alpha = 1, the teacher's own probabilities — and the baseline to the labels alone.
    /// Returns the report's method name and epochs (those of a soft tree's gradient fit, 0 for CART).
    func fitSoftLabels(student: any FittableNetwork, baseline: (any FittableNetwork)?, names: [String],
                       teacher: TeacherSession, input: InputSpec, data: DataContext, cache: TeacherCache,
                       recipe: Recipe, configuration: TrainingConfiguration,
                       observer: TrainingObserver) throws -> (method: String, epochs: Int) {
        var soft = SoftLabelConfiguration()
        let options = recipe.methodOptions.overridden(by: methodFlags.options)
        if let t = options.temperature { soft.temperature = t }
        if let a = options.alpha { soft.alpha = a }
        soft.augmentedCopies = fitting.copies ?? 0
        soft.fitting = fitting.options(training: configuration, learningRate: training.learningRate)
        let augmented = soft.augmentedCopies > 0
            ? try data.shiftedTrainLoader(shift: fitting.shift ?? 1, seed: configuration.seed) : nil
        let fitter = try SoftLabelFitting(teacher: teacher, configuration: soft, trainData: try data.orderedTrainLoader(batchSize: 256),
                                          augmentedData: augmented, teacherCache: cache)
        if !quiet {
            observer.note("fitting \(names[0]) (\(input)) to the soft labels of \(teacher.name) on \(data.name): "
                + "T=\(soft.temperature), alpha=\(soft.alpha), \(soft.augmentedCopies) shifted copies")
        }
        try fitter.fit(student, name: names[0], input: input, observer: observer)
        if let baseline { try fitter.fitBaseline(baseline, name: names[1], input: input, observer: observer) }
        for (name, network) in zip(names, [student] + (baseline.map { [$0] } ?? [])) {
            if let tree = network as? any RuleDescribing, !quiet { observer.note("\(name): \(tree.structureSummary)") }
        }
        let method = soft.augmentedCopies > 0 ? "soft-labels+\(soft.augmentedCopies)-copies" : "soft-labels"
        return (method, student.trainsByGradient ? soft.fitting.epochs : 0)
    }
}
