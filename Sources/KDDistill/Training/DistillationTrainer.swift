import Foundation
import KDLayers
import KDTensor
import KDZoo

/// Trains one or more students against zero, one or several teachers, evaluating after every
/// epoch and checkpointing atomically so that a killed run resumes exactly where it stopped.
///
/// Every teacher runs once per batch (or is read from its cache) and all students share that
/// pass. Students whose methods learn from peers (deep mutual learning) see the other such
/// students' outputs of the same batch, detached, computed before any of them steps.
public final class DistillationTrainer {
    public let students: [StudentSession]
    public let teachers: [TeacherSession]
    public let teacherWeighting: TeacherWeighting
    public let configuration: TrainingConfiguration
    private let trainData: BatchProvider
    private let testData: BatchProvider
    private let teacherOutputs: [TeacherOutputSource]
    /// Where teacher results are stored between runs (also sequence-level KD's targets).
    private let teacherCaches: [TeacherCache]
    /// The indices of the students that learn from one another.
    private let peerGroup: [Int]
    /// Per-epoch summaries, restored on resume.
    public private(set) var history: [EpochSummary] = []

    /// A trainer; `teacherCaches` (one per teacher, when given and the data is not augmented)
    /// serve the teachers' outputs instead of running them on every batch.
    public init(students: [StudentSession], teachers: [TeacherSession], teacherWeighting: TeacherWeighting = .uniform,
                configuration: TrainingConfiguration, trainData: BatchProvider, testData: BatchProvider,
                teacherCaches: [TeacherCache] = []) throws {
        try configuration.validate()
        try teacherWeighting.validate(teacherCount: teachers.count)
        precondition(!students.isEmpty, "a trainer needs at least one student")
        if let fitted = students.first(where: { ($0.network as? any FittableNetwork)?.trainsByGradient == false }) {
            throw TrainingError.invalidConfiguration(
                "student: \(fitted.name) is fitted to soft labels, not trained by gradient; distil it with SoftLabelFitting")
        }
        precondition(teacherCaches.isEmpty || teacherCaches.count == teachers.count, "one cache per teacher")
        let needsTeacher = students.contains { $0.objective.reads(.teacher) }
        if needsTeacher, teachers.isEmpty {
            throw TrainingError.invalidConfiguration("method: the distillation methods need a teacher")
        }
        peerGroup = students.indices.filter { students[$0].objective.reads(.peers) }
        if peerGroup.count == 1 {
            throw TrainingError.invalidConfiguration("method: mutual learning needs at least two students, got one")
        }
        if let rewriting = peerGroup.first(where: { students[$0].targetRewriter != nil }) {
            throw TrainingError.invalidConfiguration(
                "method: \(students[rewriting].name) trains on the teacher's targets (\(students[rewriting].targetRewriter!.name)), its peers on the dataset's; they cannot learn from one another")
        }
        for (s, student) in students.enumerated() {
            try student.objective.validate(teacherCount: teachers.count, peerCount: peerGroup.contains(s) ? peerGroup.count - 1 : 0)
        }
        self.students = students
        self.teachers = teachers
        self.teacherWeighting = teacherWeighting
        self.configuration = configuration
        self.trainData = trainData
        self.testData = testData
        self.teacherCaches = teacherCaches
        teacherOutputs = !needsTeacher ? []
            : trainData.isAugmented || teacherCaches.isEmpty ? teachers.map { .live($0) } : teacherCaches.map { .cached($0) }
    }

    /// A trainer with at most one teacher.
    public convenience init(students: [StudentSession], teacher: TeacherSession?, configuration: TrainingConfiguration,
                            trainData: BatchProvider, testData: BatchProvider, teacherCache: TeacherCache? = nil) throws {
        try self.init(students: students, teachers: teacher.map { [$0] } ?? [], configuration: configuration,
                      trainData: trainData, testData: testData, teacherCaches: teacherCache.map { [$0] } ?? [])
    }

    /// Runs the remaining epochs. With `checkpoint`, the state is saved there after every epoch,
    /// and when `resume` is set, training continues from it. A `resume` checkpoint that is missing
    /// or belongs to another run is refused before the teacher or any student does work.
    public func run(checkpoint: String? = nil, resume: Bool = false,
                    observer: TrainingObserver = SilentObserver()) throws -> [EpochSummary] {
        if resume, let checkpoint { try Checkpoint.verify(checkpoint, belongsTo: self) }
        try prepareStudents(observer: observer)
        var startEpoch = 0
        if resume, let checkpoint {
            let restored = try Checkpoint.restore(from: checkpoint, into: self)
            startEpoch = restored.completedEpochs
            history = restored.history
            observer.note("resumed from \(checkpoint) after epoch \(startEpoch) of \(configuration.epochs)")
        }
        let schedule = configuration.learningRateSchedule
        for epoch in startEpoch..<configuration.epochs {
            let started = Date()
            let learningRate = schedule.learningRate(at: epoch)
            let trained = try trainEpoch(epoch, learningRate: learningRate, observer: observer, checkpoint: checkpoint)
            let evaluations = try students.map { try Evaluation.score(of: $0.network, input: $0.input, on: testData) }
            let summary = EpochSummary(
                epoch: epoch + 1, learningRate: learningRate,
                students: zip(students, zip(trained, evaluations)).map { student, result in
                    EpochSummary.StudentEpoch(name: student.name, trainLoss: result.0.loss, trainAccuracy: result.0.accuracy,
                                              testTop1: result.1.accuracy, testTop5: result.1.top5 ?? result.1.accuracy,
                                              testTokenErrorRate: result.1.tokenErrorRate)
                },
                seconds: Date().timeIntervalSince(started))
            history.append(summary)
            if let checkpoint {
                try Checkpoint.save(self, completedEpochs: epoch + 1, to: checkpoint)
            }
            observer.epochDidFinish(summary)
        }
        return history
    }

    /// Sizes every method's learnable parts from the first batch (which also fixes the taps the
    /// methods read), builds the optimisers, then fills the teacher caches with those taps.
    private func prepareStudents(observer: TrainingObserver) throws {
        for rewriter in students.compactMap(\.targetRewriter) {
            guard let teacher = teachers.first else {
                throw TrainingError.invalidConfiguration("method: \(rewriter.name) needs a teacher")
            }
            try rewriter.prepareTargets(teacher: teacher, data: trainData, cache: teacherCaches.first, observer: observer)
        }
        let firstBatch = try trainData.batch(0, epoch: 0)
        let teacherProbes = teacherOutputs.isEmpty ? [] : teachers.map { $0.outputs(for: firstBatch) }
        let probes = students.map { $0.probe(firstBatch) }
        let setup = MethodSetup(trainingSampleCount: trainData.sampleCount, seed: configuration.seed)
        for (s, student) in students.enumerated() {
            let knowledge = KnowledgeSources(teachers: teacherProbes, peers: peers(of: s, in: probes))
            try student.prepare(probe: probes[s], knowledge: knowledge, setup: setup, configuration: configuration)
        }
        if let note = Self.methodStateNote(students) { observer.note(note) }
        for (k, source) in teacherOutputs.enumerated() {
            guard case .cached(let cache) = source else { continue }
            cache.require(students.reduce(into: Set<String>()) { $0.formUnion($1.objective.teacherTaps(ofTeacher: k)) })
            try cache.prepare(observer: observer)
        }
    }

    /// One line stating the memory the methods' own state takes over all students (CRD's
    /// memory banks grow with the training set), or `nil` when no method has any.
    static func methodStateNote(_ students: [StudentSession]) -> String? {
        var totals: [(method: String, bytes: Int)] = []
        for (method, bytes) in students.flatMap(\.objective.methodStateBytes) {
            if let i = totals.firstIndex(where: { $0.method == method }) { totals[i].bytes += bytes } else { totals.append((method, bytes)) }
        }
        guard !totals.isEmpty else { return nil }
        let sizes = totals.map { total in
            let bytes = Double(total.bytes)
            return total.method + (bytes < 1e6 ? String(format: " %.1f kB", bytes / 1e3) : String(format: " %.1f MB", bytes / 1e6))
        }
        return "method state (learnable parts and memory, saved in each checkpoint): " + sizes.joined(separator: ", ")
    }

    /// The outputs of the other members of the peer group, or none when `student` is not in it.
    private func peers(of student: Int, in outputs: [NetworkOutput?]) -> [NetworkOutput] {
        guard peerGroup.contains(student) else { return [] }
        return peerGroup.filter { $0 != student }.compactMap { outputs[$0] }
    }

    /// One pass over the training data; returns each student's mean loss and training accuracy.
    private func trainEpoch(_ epoch: Int, learningRate: Float, observer: TrainingObserver,
                            checkpoint: String?) throws -> [(loss: Double, accuracy: Double)] {
        for student in students {
            student.optimizer?.learningRate = learningRate
            student.train()
        }
        let batches = trainData.batchCount
        observer.epochDidStart(epoch + 1, of: configuration.epochs, batches: batches)
        var partTotals = students.map { _ in [(name: String, value: Double)]() }
        var accuracy = students.map { _ in ClassificationAccuracy() }
        var seen = 0
        let started = Date()
        for index in 0..<batches {
            let batch = try trainData.batch(index, epoch: epoch)
            let step = TrainingStep(labels: batch.labels, sampleIndices: batch.sampleIndices, epoch: epoch,
                                    epochs: configuration.epochs, batch: index, batches: batches)
            let teacherOutputs = try self.teacherOutputs.map { try $0.outputs(for: batch) }
            let teacherWeights = teacherWeighting.weights(for: teacherOutputs, labels: batch.labels)
            // Peers see each other's outputs from before anyone steps; the others run one at a time.
            var outputs: [NetworkOutput?] = students.indices.map { s in
                peerGroup.contains(s) ? students[s].run(batch) : nil
            }
            let peerOutputs = outputs.map { $0?.detached() }
            for (s, student) in students.enumerated() {
                // A student trained on the teacher's targets sees the teacher forced on those too.
                let ownBatch = student.trainingBatch(batch)
                let rewritten = student.targetRewriter != nil
                let ownTeachers = rewritten && student.objective.reads(.teacher) ? teachers.map { $0.outputs(for: ownBatch) } : teacherOutputs
                let output = outputs[s] ?? student.run(ownBatch)
                outputs[s] = nil
                let knowledge = KnowledgeSources(
                    teachers: ownTeachers,
                    teacherWeights: rewritten ? teacherWeighting.weights(for: ownTeachers, labels: ownBatch.labels) : teacherWeights,
                    peers: peers(of: s, in: peerOutputs))
                let ownStep = rewritten ? TrainingStep(labels: ownBatch.labels, sampleIndices: batch.sampleIndices, epoch: epoch,
                                                       epochs: configuration.epochs, batch: index, batches: batches) : step
                let parts = student.objective.parts(student: output, knowledge: knowledge, step: ownStep)
                for part in parts where !part.value.item.isFinite {
                    throw TrainingError.nonFiniteLoss(student: student.name, epoch: epoch + 1, batch: index + 1,
                                                      part: part.name, checkpoint: epoch > 0 ? checkpoint : nil)
                }
                let total = parts.dropFirst().reduce(parts[0].value) { $0 + $1.value }
                student.optimizer?.zeroGrad()
                total.backward()
                if let clip = configuration.clipNorm {
                    _ = clipGradientNorm(student.trainableParameters, maxNorm: clip)
                }
                student.optimizer?.step()
                accumulate(parts, into: &partTotals[s], weight: batch.count)
                noGrad { accuracy[s].add(logits: output.logits, labels: ownBatch.labels) }
            }
            seen += batch.count
            observer.batchDidFinish(BatchProgress(
                epoch: epoch + 1, batch: index + 1, batches: batches,
                losses: partTotals.map { $0.map { ($0.name, $0.value / Double(seen)) } },
                accuracy: accuracy.map(\.top1),
                samplesPerSecond: Double(seen) / max(Date().timeIntervalSince(started), 1e-9)))
        }
        return zip(partTotals, accuracy).map { parts, accuracy in
            (parts.reduce(0) { $0 + $1.value } / Double(max(seen, 1)), accuracy.top1)
        }
    }

    /// Adds a batch's weighted parts (sample-weighted, so the epoch mean is exact) to the running totals.
    private func accumulate(_ parts: [(name: String, value: Tensor)], into totals: inout [(name: String, value: Double)],
                            weight: Int) {
        if totals.isEmpty { totals = parts.map { ($0.name, 0) } }
        for (i, part) in parts.enumerated() { totals[i].value += Double(part.value.item) * Double(weight) }
    }
}

/// Where a trainer gets a teacher's outputs for a batch.
enum TeacherOutputSource {
    case live(TeacherSession)
    case cached(TeacherCache)

    func outputs(for batch: TrainingBatch) throws -> NetworkOutput {
        switch self {
        case .live(let teacher): teacher.outputs(for: batch)
        case .cached(let cache): try cache.outputs(for: batch.sampleIndices)
        }
    }
}
