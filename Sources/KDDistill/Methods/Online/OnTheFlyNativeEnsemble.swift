import Foundation
import KDLayers
import KDTensor
import KDZoo

/// ONE, on-the-fly native ensemble (Lan, Zhu and Gong, NeurIPS 2018), as the authors' CIFAR
/// code: the student is a ``NativeEnsemble``; every branch learns the labels and, with a
/// ramped-up weight, the gated ensemble's softened predictions (the teacher, detached):
///
///     loss = Σ_k CE(z_k, y) + r(epoch) · T² · Σ_k KL(softmax(z_ens / T) ‖ softmax(z_k / T)),
///
/// T = 3, `r(e) = exp(−5 (1 − min(e, L) / L)²)` the sigmoid ramp-up of length L (80 of 300
/// epochs in the paper's code; by default the same share of the run, `--one-rampup` sets it in
/// epochs). The objective's cross-entropy (weight 1) is the ensemble's own `CE(z_ens, y)`.
public final class OnTheFlyNativeEnsemble: DistillationMethod {
    public let name = "one"
    public let weight: Float
    public let temperature: Float
    /// L in epochs, or `nil` for 80/300 of the run.
    public let rampupEpochs: Int?
    public let teacherTaps: [String] = []
    public let knowledgeSource = KnowledgeSource.itself

    public init(weight: Float = 1, temperature: Float = 3, rampupEpochs: Int? = nil) {
        precondition(temperature > 0, "ONE temperature must be positive, got \(temperature)")
        self.weight = weight
        self.temperature = temperature
        self.rampupEpochs = rampupEpochs
    }

    /// `r(epoch)`, the weight of the KL term.
    public func rampup(epoch: Int, of epochs: Int) -> Float {
        let length = Float(rampupEpochs ?? Int((Double(epochs) * 80 / 300).rounded()))
        guard length > 0 else { return 1 }
        let phase = 1 - min(Float(epoch), length) / length
        return Foundation.exp(-5 * phase * phase)
    }

    public func prepare(student: NetworkOutput, teacher: NetworkOutput, setup: MethodSetup) throws {
        guard !NativeEnsemble.branchLogits(in: student).isEmpty else {
            throw TrainingError.invalidConfiguration("method: 'one' needs the student built as a native ensemble of branches (it has taps \(student.taps.names.joined(separator: ", ")))")
        }
    }

    public func loss(student: NetworkOutput, teacher: NetworkOutput, step: TrainingStep) -> Tensor {
        let branches = NativeEnsemble.branchLogits(in: student)
        precondition(!branches.isEmpty, "one: the student output has no branch logits")
        let ensemble = student.logits.detached()
        let ramp = rampup(epoch: step.epoch, of: step.epochs)
        let terms = branches.map { branch in
            crossEntropy(logits: branch, labels: step.labels)
                + klDivergence(studentLogits: branch, teacherLogits: ensemble, temperature: temperature)
                * (ramp * temperature * temperature)
        }
        return terms.dropFirst().reduce(terms[0], +)
    }
}
