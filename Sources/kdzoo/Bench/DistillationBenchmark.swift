import KDDistill
import KDLayers
import KDTensor
import KDZoo

/// The throughput of one distillation step as `kdzoo distill --method kd` trains: the frozen
/// teacher's forward pass (evaluation mode, no recording), the student's forward pass, Hinton's
/// KD objective (`0.9 · T² · KL + 0.1 · CE`, T = 4), backward, and an SGD step over the student.
struct DistillationBenchmark {
    let batch: Int
    let timing: BenchTiming

    /// The `kd` row of `teacher` -> `student` on the teacher's standard input, named `row`.
    func measure(teacher: ModelSpec, student: ModelSpec, row: String) throws -> BenchRow {
        let start = ResidentMemory.currentMegabytes()
        let workload = try BenchWorkload(for: teacher, batch: batch)
        let teacherSession = TeacherSession(name: teacher.name, network: try workload.makeNetwork(teacher), input: workload.input)
        let network = try workload.makeNetwork(student)
        let objective = DistillationObjective(methods: [HintonDistillation(temperature: 4, weight: 0.9)])
        let samples = workload.samples, labels = workload.labels

        network.train()
        let optimizer = SGD(parameters: network.parameters, learningRate: 0.01, momentum: 0.9, weightDecay: 5e-4)
        let step = timing.median {
            optimizer.zeroGrad()
            let targets = teacherSession.outputs(for: samples)
            let parts = objective.parts(student: network.forward(samples), teacher: targets, labels: labels)
            parts.dropFirst().reduce(parts[0].value) { $0 + $1.value }.backward()
            optimizer.step()
        }
        return BenchRow(row: row, measure: "kd", unit: workload.unit, value: Double(batch) / step.seconds, seconds: step.seconds,
                        cpuSeconds: step.cpuSeconds,
                        memory: (start, ResidentMemory.peakMegabytes()))
    }
}
