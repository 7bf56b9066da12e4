import Foundation
import KDLayers
import KDTensor
import KDZoo

/// Contrastive representation distillation (Tian, Krishnan and Isola, ICLR 2020), as
/// RepDistiller's `CRDLoss`: the student's embedding, projected to `d` = 128 dimensions, should
/// pick out the teacher's projection of the same sample among `K` = 16 384 negatives drawn
/// from a memory bank of teacher projections (and symmetrically for the teacher's head against
/// a bank of student projections). With noise-contrastive estimation, uniform noise
/// `P_n = 1 / samples` and `P = exp(⟨v, m⟩ / τ) / Z`, τ = 0.07, each side's loss is
///
///     −(1 / B) Σ_b [ log(P_pos / (P_pos + K·P_n)) + Σ_k log(K·P_n / (P_neg,k + K·P_n)) ],
///
/// and the banks follow each sample's projection with momentum 0.5. Weight 0.8 (RepDistiller).
///
/// Negatives are drawn uniformly from the whole bank (RepDistiller's `ContrastMemory` default;
/// its CIFAR script instead samples from other classes, which needs every label in advance),
/// from a generator seeded by (run seed, epoch, batch), so a resumed run draws the same ones.
/// Memory use is stated on ``ContrastMemory``; `--crd-negatives` lowers `K`.
public final class ContrastiveRepresentationDistillation: TapPairedMethod {
    public let name = "crd"
    /// The weight (`--crd-weight`).
    public let weight: Float
    /// `d`, the projection width (`--crd-dimension`).
    public let featureDimension: Int
    /// `K`, the negatives per sample (`--crd-negatives`).
    public let negatives: Int
    /// τ (`--crd-temperature`).
    public let temperature: Float
    /// μ, the memory momentum.
    public let momentum: Float
    public let pairedTaps: PairedTaps
    private var memory: ContrastMemory?
    private var seed: UInt64 = 0
    static let epsilon: Float = 1e-7

    public init(weight: Float = 0.8, featureDimension: Int = 128, negatives: Int = 16384, temperature: Float = 0.07,
                momentum: Float = 0.5, taps: TapSelection = .embedding) {
        precondition(featureDimension > 0 && negatives > 0 && temperature > 0 && (0..<1).contains(momentum),
                     "CRD needs positive dimension, negatives and temperature and a momentum in [0, 1)")
        self.weight = weight
        self.featureDimension = featureDimension
        self.negatives = negatives
        self.temperature = temperature
        self.momentum = momentum
        pairedTaps = PairedTaps(taps)
    }

    public var learnableModule: Module? { memory }

    /// The bytes the two memory banks take for `samples` training samples.
    public func memoryBytes(samples: Int) -> Int { 2 * samples * featureDimension * MemoryLayout<Float>.stride }

    public func prepare(student: NetworkOutput, teacher: NetworkOutput, setup: MethodSetup) throws {
        try pairedTaps.resolve(student: student, teacher: teacher, method: name)
        guard let pairs = pairedTaps.pairs, pairs.count == 1 else {
            throw TrainingError.invalidConfiguration("crd: contrasts one tap pair, got \((pairedTaps.pairs ?? []).map(\.description).joined(separator: ","))")
        }
        let (s, t) = (student.taps[pairs[0].student]!, teacher.taps[pairs[0].teacher]!)
        memory = ContrastMemory(studentDimension: s.count / s.shape[0], teacherDimension: t.count / t.shape[0],
                                featureDimension: featureDimension, samples: setup.trainingSampleCount)
        seed = setup.seed
    }

    public func loss(student: NetworkOutput, teacher: NetworkOutput, step: TrainingStep) -> Tensor {
        guard let memory else { preconditionFailure("crd: prepare(student:teacher:setup:) builds the heads and memory first") }
        precondition(step.sampleIndices.allSatisfy { (0..<memory.sampleCount).contains($0) },
                     "crd: sample indices outside the memory of \(memory.sampleCount) samples")
        return pairedTaps.sum(student: student, teacher: teacher, method: name) { student, teacher in
            let v = FeatureAlignment.l2Normalized(memory.studentEmbed(FeatureAlignment.rows(student)))
            let u = FeatureAlignment.l2Normalized(memory.teacherEmbed(FeatureAlignment.rows(teacher)))
            let indices = candidates(for: step, samples: memory.sampleCount)
            let studentScores = memory.scores(of: v, against: memory.teacherMemory, indices: indices, side: 0,
                                              temperature: temperature)
            let teacherScores = memory.scores(of: u, against: memory.studentMemory, indices: indices, side: 1,
                                              temperature: temperature)
            let loss = contrastLoss(studentScores, samples: memory.sampleCount)
                + contrastLoss(teacherScores, samples: memory.sampleCount)
            noGrad {
                memory.update(memory.studentMemory, rows: step.sampleIndices, with: v, momentum: momentum)
                memory.update(memory.teacherMemory, rows: step.sampleIndices, with: u, momentum: momentum)
            }
            return loss
        }
    }

    /// Per sample: its own index (the positive) then `K` uniform draws, flattened `[B · (K + 1)]`.
    func candidates(for step: TrainingStep, samples: Int) -> [Int] {
        var generator = SeededGenerator(seed: seed ^ (UInt64(step.epoch) << 32 | UInt64(step.batch)) &* 0x9E37_79B9_7F4A_7C15)
        var indices: [Int] = []
        indices.reserveCapacity(step.sampleIndices.count * (negatives + 1))
        for index in step.sampleIndices {
            indices.append(index)
            for _ in 0..<negatives { indices.append(Int(generator.next() % UInt64(samples))) }
        }
        return indices
    }

    /// The NCE loss of one side's scores `[B, K + 1]` (positive first).
    func contrastLoss(_ scores: Tensor, samples: Int) -> Tensor {
        let (rows, candidates) = (scores.shape[0], scores.shape[1])
        let noise = Float(candidates - 1) / Float(samples)
        let positive = scores.slice(alongAxis: 1, 0..<1)
        let negative = scores.slice(alongAxis: 1, 1..<candidates)
        let logPositive = positive.log() - (positive + (noise + Self.epsilon)).log()
        let logNegative = -(negative + (noise + Self.epsilon)).log() + Foundation.log(noise)
        return -(logPositive.sum() + logNegative.sum()) / Float(rows)
    }
}
