import ArgumentParser
import Foundation
import KDData
import KDDistill
import KDZoo

/// `kdzoo distill`: trains a student from a teacher and ends with the KD report.
struct Distill: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Distil a teacher into a student and report the result.",
        discussion: """
        --teacher takes a zoo name (wrn, wrn-40-2: the pretrained model shipped in zoo/models for the \
        dataset) or a weights file; --student takes a zoo name. With no --dataset the embedded \
        Fashion-MNIST subset is used. Example: kdzoo distill --teacher wrn --student mobilenet --baseline

        A decision-tree student (tree-depth-8, tree-soft-tree-4) is fitted to the teacher's soft labels \
        instead: the teacher labels the training set and --copies shifted copies of it once, the tree is \
        fitted to those targets and the baseline to the labels.
        """)

    @Option(help: "The teacher: a zoo name or a weights file (.h5).") var teacher: String?
    @Option(help: "The student architecture, e.g. mobilenet, wrn-16-2, resnet20.") var student: String?
    @Option(help: "Dataset file (HDF5); default: the embedded Fashion-MNIST subset.") var dataset: String?
    @Option(help: "Distillation method(s), e.g. kd, or kd+at to sum several.") var method: String?
    @Option(help: "Hinton KD temperature (default 4; 1 for a fitted student such as a tree).") var temperature: Float?
    @Option(help: "Weight of the soft-target term (default 0.9, 1 for a fitted student; the labels get 1 - alpha).") var alpha: Float?
    @Option(help: "Weight of the hard-label cross-entropy (default: 1 - alpha with kd, else 1).") var ceWeight: Float?
    @Flag(help: "Also train the student without a teacher (same initialisation), for the report.") var baseline = false
    @Option(help: "A weights file of an independently trained student to report as the baseline.") var baselineWeights: String?
    @Option(help: "The alpha of the distillation metric, in [0, 1].") var metricAlpha: Double?
    @Option(name: .shortAndLong, help: "Where to write the student's weights (default: runs/<teacher>-to-<student>.h5).") var output: String?
    @Option(help: "Continue a killed run from its checkpoint (<output>.ckpt.h5).") var resume: String?
    @Option(help: "A recipe (YAML) supplying any of these options; flags override it.") var recipe: String?
    @Flag(help: "Load weights files non-strictly (skip missing or mis-shaped tensors, with a warning).") var nonStrict = false
    @Flag(help: "No progress output.") var quiet = false
    @Flag(help: "Print the report as JSON on standard output.") var json = false
    @OptionGroup var training: TrainingOptions
    @OptionGroup(title: "Fitted students (decision trees)") var fitting: FittingFlags

    func run() throws {
        let recipe = try recipe.map(RecipeFile.load) ?? Recipe()
        let configuration = training.applied(to: recipe.training)
        try configuration.validate()
        let metric = DistillationMetric(alpha: try checkedMetricAlpha(metricAlpha ?? recipe.metricAlpha ?? 0.5))
        let methodName = method ?? recipe.method ?? "kd"
        let options = MethodOptions(temperature: temperature ?? recipe.temperature, alpha: alpha ?? recipe.alpha)
        let methods = try MethodCatalog.methods(methodName, options: options)

        // Everything is checked before any training: names, files, compatibility.
        let resolver = try ModelResolver(strict: !nonStrict)
        let data = try DataContext(path: dataset ?? recipe.dataset ?? ZooLocation.defaultDataset)
        let studentSpec = try resolver.registry.resolve(student ?? recipe.student ?? "mobilenetv2")
        let teacherModel = try resolver.trained(teacher ?? recipe.teacher ?? "wrn", for: data)
        let pairing = try resolver.registry.pairing(teacher: teacherModel.spec, student: studentSpec, data: data.sample)
        guard teacherModel.classes.count == data.classCount else {
            throw ValidationError("the teacher predicts \(teacherModel.classes.count) classes, \(data.name) has \(data.classCount)")
        }
        let baselineModel = try baselineWeights.map(resolver.load)
        let outputPath = output ?? "runs/\(teacherModel.spec.name)-to-\(studentSpec.name).h5"
        try RunFiles.prepareFolder(of: outputPath)

        let teacherSession = TeacherSession(name: teacherModel.spec.name, network: teacherModel.network, input: pairing.teacherInput)
        let makeStudent = { try resolver.untrained(studentSpec, input: pairing.studentInput, classes: data.classCount, seed: configuration.seed) }
        let studentNetwork = try makeStudent()
        let baselineNetwork = baseline || (recipe.baseline ?? false) ? try makeStudent() : nil
        let cache = TeacherCache(directory: RunFiles.cacheFolder(for: outputPath), teacher: teacherSession,
                                 source: try data.orderedTrainLoader(batchSize: 256),
                                 taps: Set(methods.flatMap(\.teacherTaps)), datasetIdentity: data.identity)
        let testLoader = try data.evaluationLoader()
        let names = [studentSpec.name] + (baselineNetwork == nil ? [] : ["\(studentSpec.name) (baseline)"])
        let observer: TrainingObserver = quiet ? SilentObserver() : TerminalObserver(studentNames: names)
        let run: (method: String, epochs: Int)
        if let fittable = studentNetwork as? any FittableNetwork {
            guard method == nil && recipe.method == nil, resume == nil else {
                throw ValidationError("\(studentSpec) is fitted to the teacher's soft labels, not trained by gradient: --method and --resume do not apply")
            }
            run = try fitSoftLabels(student: fittable, baseline: baselineNetwork as? any FittableNetwork, names: names,
                                    teacher: teacherSession, input: pairing.studentInput, data: data, cache: cache,
                                    recipe: recipe, configuration: configuration, observer: observer)
        } else {
            var sessions = [StudentSession(
                name: names[0], network: studentNetwork, input: pairing.studentInput,
                objective: DistillationObjective(methods: methods, crossEntropyWeight: ceWeight ?? recipe.ceWeight,
                                                 labelSmoothing: configuration.labelSmoothing))]
            if let baselineNetwork {
                sessions.append(StudentSession(
                    name: names[1], network: baselineNetwork, input: pairing.studentInput,
                    objective: DistillationObjective(methods: [], labelSmoothing: configuration.labelSmoothing), isBaseline: true))
            }
            let trainer = try DistillationTrainer(students: sessions, teacher: teacherSession, configuration: configuration,
                                                  trainData: try data.trainLoader(configuration), testData: testLoader,
                                                  teacherCache: cache)
            let checkpoint = resume ?? RunFiles.checkpoint(for: outputPath)
            if !quiet {
                observer.note("distilling \(teacherModel.spec.name) (\(pairing.teacherInput)) into \(studentSpec.name) (\(pairing.studentInput)) on \(data.name) with \(methodName)")
            }
            _ = try trainer.run(checkpoint: checkpoint, resume: resume != nil, observer: observer)
            run = (methodName, configuration.epochs)
        }

        let measure = { (network: any Network, role: ModelSummary.Role) in
            try ModelSummary.measure(network, model: studentSpec.name, role: role, input: pairing.studentInput,
                                     classes: data.classCount, on: testLoader)
        }
        let teacherSummary = try ModelSummary.measure(teacherModel.network, model: teacherModel.spec.name, role: .teacher,
                                                      input: pairing.teacherInput, classes: data.classCount, on: testLoader)
        let studentSummary = try measure(studentNetwork, .student)
        let baselineSummary = try baselineNetwork.map { try measure($0, .baseline) }
            ?? baselineModel.map { try ModelSummary.measure($0.network, model: $0.spec.name, role: .baseline, input: $0.input,
                                                           classes: data.classCount, on: testLoader) }
        let report = DistillationReport(dataset: data.name, method: run.method, teachers: [teacherSummary],
                                        students: [(studentSummary, baselineSummary)], metric: metric,
                                        epochs: run.epochs, seed: configuration.seed)
        var saved = SavedModel(spec: studentSpec, network: studentNetwork, input: pairing.studentInput, classes: data.dataset.classes)
        saved.metrics = ["top1": studentSummary.top1, "epochs": Double(run.epochs)]
        try saved.write(to: outputPath, kdzooVersion: KDZooVersion.string)
        try RunFiles.writeReport(report, next: outputPath)
        if json {
            print(String(decoding: try report.jsonData(), as: UTF8.self))
        } else {
            print(report.renderedTable())
            print("\nstudent weights: \(outputPath)\nreport: \(RunFiles.reportBase(for: outputPath)).report.{json,md}")
        }
    }

    private func checkedMetricAlpha(_ value: Double) throws -> Double {
        guard (0...1).contains(value) else { throw ValidationError("--metric-alpha must be in [0, 1], got \(value)") }
        return value
    }
}
