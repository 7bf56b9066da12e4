import ArgumentParser
import Foundation
import KDData
import KDDistill
import KDZoo

/// `kdzoo distill`: trains students from teachers (or from each other) and ends with the KD report.
struct Distill: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Distil teachers into students and report the result.",
        discussion: """
        --teacher takes a zoo name (wrn, wrn-40-2: the pretrained model shipped in zoo/models for the \
        dataset) or a weights file, and may be repeated: several teachers' losses are averaged, or \
        weighted by --teacher-weights or per sample by --teacher-weighting confidence. --student may \
        be repeated too: every student shares one teacher pass per batch and gets a row in the report. \
        --method dml (mutual learning) and --method one (native ensemble) need no teacher. With no \
        --dataset the embedded Fashion-MNIST subset is used. `kdzoo list` shows the methods. \
        Example: kdzoo distill --teacher wrn --student mobilenet --method kd+at --baseline

        A decision-tree student (tree-depth-8, tree-soft-tree-4) is fitted to the teacher's soft labels \
        instead: the teacher labels the training set and --copies shifted copies of it once, the tree is \
        fitted to those targets and the baseline to the labels.
        """)

    @Option(name: .customLong("teacher"), help: "A teacher: zoo name or weights file (.h5); repeat for several.")
    var teacherNames: [String] = []
    @Option(name: .customLong("teachers"), help: "Several teachers, comma-separated.") var teacherList: String?
    @Option(name: .customLong("student"), help: "A student architecture (mobilenet, wrn-16-2, ...); repeat for several.")
    var studentNames: [String] = []
    @Option(parsing: .upToNextOption, help: "Fixed weights of the teachers' losses, one per teacher (normalised).")
    var teacherWeights: [Float] = []
    @Option(help: "How teachers weigh: uniform, or confidence (per sample, by each teacher's probability of the label).")
    var teacherWeighting: WeightingRule?
    @Option(help: "Dataset file (HDF5); default: the embedded Fashion-MNIST subset.") var dataset: String?
    @Option(help: "Distillation method(s), e.g. kd, at, crd, dml, one, or kd+at to sum several.") var method: String?
    @Option(help: "Weight of the hard-label cross-entropy (default: 1 - alpha with kd, else 1).") var ceWeight: Float?
    @Flag(help: "Also train each student architecture without a teacher (same initialisation), for the report.")
    var baseline = false
    @Option(help: "A weights file of an independently trained student to report as the baseline.") var baselineWeights: String?
    @Option(help: "The alpha of the distillation metric, in [0, 1].") var metricAlpha: Double?
    @Option(help: "Beam width with which sequence-to-sequence models are measured for the report (1: greedy).") var beamWidth = 1
    @Option(name: .shortAndLong, help: "Where to write the student's weights (default: runs/<teacher>-to-<student>.h5); with several students, one file each beside it.")
    var output: String?
    @Option(help: "Continue a killed run from its checkpoint (<output>.ckpt.h5).") var resume: String?
    @Option(help: "A recipe (YAML) supplying any of these options; flags override it.") var recipe: String?
    @Flag(help: "Load weights files non-strictly (skip missing or mis-shaped tensors, with a warning).") var nonStrict = false
    @Flag(help: "No progress output.") var quiet = false
    @Flag(help: "Print the report as JSON on standard output.") var json = false
    @OptionGroup(title: "Method options") var methodFlags: MethodFlags
    @OptionGroup var training: TrainingOptions
    @OptionGroup(title: "Fitted students (decision trees)") var fitting: FittingFlags

    enum WeightingRule: String, ExpressibleByArgument, CaseIterable { case uniform, confidence }

    func run() throws {
        let recipe = try recipe.map(RecipeFile.load) ?? Recipe()
        let configuration = training.applied(to: recipe.training)
        try configuration.validate()
        let metric = DistillationMetric(alpha: try checkedMetricAlpha(metricAlpha ?? recipe.metricAlpha ?? 0.5))
        guard beamWidth >= 1 else { throw ValidationError("--beam-width must be at least 1, got \(beamWidth)") }
        let methodName = method ?? recipe.method ?? "kd"
        let options = recipe.methodOptions.overridden(by: methodFlags.options)
        let givenTeachers = teacherNames + (teacherList.map(ModelList.split) ?? [])

        // Everything is checked before any training: names, files, compatibility.
        let resolver = try ModelResolver(strict: !nonStrict)
        let data = try DataContext(path: dataset ?? recipe.dataset ?? ZooLocation.defaultDataset)
        let plan = try DistillationPlan(
            method: methodName, options: options, teacherNames: givenTeachers.isEmpty ? recipe.teacher ?? [] : givenTeachers,
            studentNames: studentNames.isEmpty ? recipe.student ?? [] : studentNames, data: data, resolver: resolver,
            configuration: configuration, crossEntropyWeight: ceWeight ?? recipe.ceWeight, baseline: baseline || (recipe.baseline ?? false))
        let weighting = try teacherWeighting(recipe)
        try weighting.validate(teacherCount: plan.teachers.count)
        let baselineModel = try baselineWeights.map(resolver.load) ?? shippedBaseline(plan, data: data, resolver: resolver, epochs: configuration.epochs)
        let outputPath = output ?? defaultOutput(plan, method: methodName)
        try RunFiles.prepareFolder(of: outputPath)

        let caches = try plan.teachers.map {
            TeacherCache(directory: RunFiles.cacheFolder(for: outputPath), teacher: $0.session,
                         source: try data.orderedTrainLoader(batchSize: 256), taps: [], datasetIdentity: data.identity)
        }
        let testLoader = try data.evaluationLoader()
        let observer: TrainingObserver = quiet ? SilentObserver() : TerminalObserver(studentNames: plan.sessions.map(\.name))
        let run: (method: String, epochs: Int)
        if let fitted = plan.students.first, let fittable = fitted.session.network as? any FittableNetwork {
            guard plan.students.count == 1, plan.teachers.count == 1, method == nil, recipe.method == nil, resume == nil else {
                throw DistillationPlan.Failure(description: "\(fitted.spec) is fitted to the teacher's soft labels, not trained by gradient: "
                    + "--method, --resume and several teachers or students do not apply")
            }
            run = try fitSoftLabels(student: fittable, baseline: fitted.baseline?.network as? any FittableNetwork,
                                    names: plan.sessions.map(\.name), teacher: plan.teachers[0].session, input: fitted.session.input,
                                    data: data, cache: caches[0], recipe: recipe, configuration: configuration, observer: observer)
        } else {
            let trainer = try DistillationTrainer(students: plan.sessions, teachers: plan.teachers.map(\.session),
                                                  teacherWeighting: weighting, configuration: configuration,
                                                  trainData: try data.trainLoader(configuration), testData: testLoader, teacherCaches: caches)
            if !quiet {
                let from = plan.teachers.isEmpty ? "" : "\(plan.teachers.map(\.model.spec.name).joined(separator: " + ")) into "
                observer.note("distilling \(from)\(plan.students.map(\.session.name).joined(separator: ", ")) on \(data.name) with \(methodName)")
            }
            _ = try trainer.run(checkpoint: resume ?? RunFiles.checkpoint(for: outputPath), resume: resume != nil, observer: observer)
            run = (methodName, configuration.epochs)
        }

        let results = try DistillationResults(plan: plan, data: data, testLoader: testLoader, baselineModel: baselineModel,
                                              beamWidth: beamWidth)
        let report = DistillationReport(dataset: data.name, method: run.method, teachers: results.teachers,
                                        students: results.students, metric: metric, epochs: run.epochs, seed: configuration.seed)
        let files = try results.writeStudents(next: outputPath, data: data, epochs: run.epochs)
        try RunFiles.writeReport(report, next: outputPath)
        if json {
            print(String(decoding: try report.jsonData(), as: UTF8.self))
        } else {
            print(report.renderedTable())
            print("\nstudent weights: \(files.joined(separator: ", "))\nreport: \(RunFiles.reportBase(for: outputPath)).report.{json,md}")
        }
    }

    /// Without `--baseline` or `--baseline-weights`, a single zoo-named student's baseline is the
    /// model the zoo ships for it on this dataset, when that was trained for as many epochs.
    private func shippedBaseline(_ plan: DistillationPlan, data: DataContext, resolver: ModelResolver, epochs: Int) throws -> SavedModel? {
        guard plan.students.count == 1, plan.students[0].baseline == nil, plan.students[0].ensemble == nil,
              let shipped = try resolver.shippedBaseline(plan.students[0].spec, for: data, epochs: epochs) else { return nil }
        if !quiet { FileHandle.standardError.write(Data("baseline: \(shipped.file), trained on the labels for \(epochs) epochs (--baseline retrains it)\n".utf8)) }
        return shipped.model
    }

    private func teacherWeighting(_ recipe: Recipe) throws -> TeacherWeighting {
        let weights = teacherWeights.isEmpty ? recipe.teacherWeights ?? [] : teacherWeights
        let rule = try teacherWeighting ?? recipe.teacherWeighting.map { text in
            guard let rule = WeightingRule(rawValue: text) else {
                throw DistillationPlan.Failure(description: "teacher-weighting: '\(text)' is not uniform or confidence")
            }
            return rule
        }
        switch (rule, weights.isEmpty) {
        case (.confidence?, false):
            throw DistillationPlan.Failure(description: "--teacher-weights and --teacher-weighting confidence exclude each other")
        case (.confidence?, true): return .confidence
        case (_, false): return .fixed(weights)
        case (_, true): return .uniform
        }
    }

    private func defaultOutput(_ plan: DistillationPlan, method: String) -> String {
        let students = plan.students.map(\.spec.name).joined(separator: "+")
        let teachers = plan.teachers.map(\.model.spec.name).joined(separator: "+")
        return plan.teachers.isEmpty ? "runs/\(method)-\(students).h5" : "runs/\(teachers)-to-\(students).h5"
    }

    private func checkedMetricAlpha(_ value: Double) throws -> Double {
        guard (0...1).contains(value) else { throw ValidationError("--metric-alpha must be in [0, 1], got \(value)") }
        return value
    }
}
