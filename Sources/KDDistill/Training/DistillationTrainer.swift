import Foundation
import KDLayers
import KDTensor
import KDZoo

/// Trains one or more students against zero or one teacher (online methods and teacher
/// ensembles build on the same loop), evaluating after every epoch and checkpointing
/// atomically so that a killed run resumes exactly where it stopped.
public final class DistillationTrainer {
    public let students: [StudentSession]
    public let teacher: TeacherSession?
    public let configuration: TrainingConfiguration
    private let trainData: BatchProvider
    private let testData: BatchProvider
    private let teacherOutputs: TeacherOutputSource?
    /// Per-epoch summaries, restored on resume.
    public private(set) var history: [EpochSummary] = []

    /// A trainer; `teacherCache` (when given, and the data is not augmented) serves the
    /// teacher's outputs instead of running it on every batch.
    public init(students: [StudentSession], teacher: TeacherSession?, configuration: TrainingConfiguration,
                trainData: BatchProvider, testData: BatchProvider, teacherCache: TeacherCache? = nil) throws {
        try configuration.validate()
        precondition(!students.isEmpty, "a trainer needs at least one student")
        let needsTeacher = students.contains { !$0.objective.methods.isEmpty }
        if needsTeacher, teacher == nil {
            throw TrainingError.invalidConfiguration("method: the distillation methods need a teacher")
        }
        self.students = students
        self.teacher = teacher
        self.configuration = configuration
        self.trainData = trainData
        self.testData = testData
        if let teacher, needsTeacher {
            teacherOutputs = trainData.isAugmented || teacherCache == nil
                ? .live(teacher) : .cached(teacherCache!)
        } else {
            teacherOutputs = nil
        }
    }

    /// Runs the remaining epochs. With `checkpoint`, the state is saved there after every epoch,
    /// and when `resume` is set and the file exists, training continues from it.
    public func run(checkpoint: String? = nil, resume: Bool = false,
                    observer: TrainingObserver = SilentObserver()) throws -> [EpochSummary] {
        let firstBatch = try trainData.batch(0, epoch: 0)
        if case .cached(let cache) = teacherOutputs { try cache.prepare(observer: observer) }
        let firstTeacherOutput = try teacherOutputs?.outputs(for: firstBatch)
        for student in students {
            try student.prepare(firstBatch: firstBatch, teacher: firstTeacherOutput, configuration: configuration)
        }
        var startEpoch = 0
        if resume, let checkpoint, FileManager.default.fileExists(atPath: checkpoint) {
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
            let evaluations = try students.map { try Evaluation.accuracy(of: $0.network, input: $0.input, on: testData) }
            let summary = EpochSummary(
                epoch: epoch + 1, learningRate: learningRate,
                students: zip(students, zip(trained, evaluations)).map { student, result in
                    EpochSummary.StudentEpoch(name: student.name, trainLoss: result.0.loss, trainAccuracy: result.0.accuracy,
                                              testTop1: result.1.top1, testTop5: result.1.topK)
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
            let teacherOutput = try teacherOutputs?.outputs(for: batch)
            for (s, student) in students.enumerated() {
                let output = student.network(student.present(batch.inputs))
                let parts = student.objective.parts(student: output, teacher: teacherOutput, labels: batch.labels)
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
                accumulate(parts, into: &partTotals[s], weight: batch.labels.count)
                noGrad { accuracy[s].add(logits: output.logits, labels: batch.labels) }
            }
            seen += batch.labels.count
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

/// Where a trainer gets the teacher's outputs for a batch.
enum TeacherOutputSource {
    case live(TeacherSession)
    case cached(TeacherCache)

    func outputs(for batch: TrainingBatch) throws -> NetworkOutput {
        switch self {
        case .live(let teacher): teacher.outputs(for: batch.inputs)
        case .cached(let cache): try cache.outputs(for: batch.sampleIndices)
        }
    }
}
