import KDLayers
import KDTensor

/// CRD's learnable parts and memory (RepDistiller's `Embed` heads and `ContrastMemory`): a
/// linear head per network projecting its embedding to `d` dimensions (then L2-normalised),
/// and one memory bank per network holding a running mean of each training sample's
/// projection, from which the negatives of the noise-contrastive estimate are drawn.
///
/// Memory: the two banks take `2 · samples · d · 4` bytes (Fashion-MNIST's 60 000 training
/// images at d = 128: 61 MB) and are saved in every checkpoint; a batch of `B` scores
/// `B · (K + 1)` entries per side without gathering the banks' rows (B = 64, K = 16 384:
/// about 4 MB per intermediate).
final class ContrastMemory: Module, ModeDependent {
    let studentEmbed: Linear
    let teacherEmbed: Linear
    /// The running projections of the student (`[samples, d]`), each row of unit length.
    @Buffer var studentMemory: Tensor
    /// The running projections of the teacher.
    @Buffer var teacherMemory: Tensor
    /// The two normalising constants `Z` of the estimate (student side, teacher side), set from
    /// the first training batch; −1 until then.
    @Buffer var normalizers: Tensor
    var isTraining = true

    init(studentDimension: Int, teacherDimension: Int, featureDimension: Int, samples: Int) {
        studentEmbed = Linear(inFeatures: studentDimension, outFeatures: featureDimension)
        teacherEmbed = Linear(inFeatures: teacherDimension, outFeatures: featureDimension)
        // RepDistiller draws the banks from U(−s, s), s = 1 / √(d / 3).
        let bound = 1 / (Float(featureDimension) / 3).squareRoot()
        let banks = (0..<2).map { _ in
            let bank = Tensor.zeros([samples, featureDimension])
            Init.uniform(bank, low: -bound, high: bound)
            return bank
        }
        studentMemory = banks[0]
        teacherMemory = banks[1]
        normalizers = Tensor(shape: [2], [-1, -1])
    }

    var sampleCount: Int { studentMemory.shape[0] }

    /// `exp(⟨bank[indices[b, k]], queries[b]⟩ / T) / Z` for each query row `b` and each of its
    /// `K + 1` indices: `[B, K + 1]`. The bank is data; gradients flow to the queries. In
    /// training mode `Z` is fixed from the first call as `samples · mean(exp(·/T))`.
    func scores(of queries: Tensor, against bank: Tensor, indices: [Int], side: Int, temperature: Float) -> Tensor {
        let (rows, width) = (queries.shape[0], queries.shape[1])
        let candidates = indices.count / rows
        let dots = Tensor(uninitializedShape: [rows, candidates])
        parallelFor(rows) { range in
            for b in range {
                let query = queries.pointer + b * width
                for k in 0..<candidates {
                    let row = bank.pointer + indices[b * candidates + k] * width
                    var total: Float = 0
                    for i in 0..<width { total += row[i] * query[i] }
                    dots.pointer[b * candidates + k] = total
                }
            }
        }
        let recorded = dots.recorded("contrastScores", inputs: [queries]) { g in
            let gradient = Tensor.zeros([rows, width])
            parallelFor(rows) { range in
                for b in range {
                    let target = gradient.pointer + b * width
                    for k in 0..<candidates {
                        let scale = g.pointer[b * candidates + k]
                        let row = bank.pointer + indices[b * candidates + k] * width
                        for i in 0..<width { target[i] += scale * row[i] }
                    }
                }
            }
            return [gradient]
        }
        let exponentials = (recorded / temperature).exp()
        if normalizers.pointer[side] < 0 {
            let constant = Float(sampleCount) * noGrad { exponentials.mean() }.item
            if isTraining { normalizers.pointer[side] = constant }
            return exponentials / constant
        }
        return exponentials / normalizers.pointer[side]
    }

    /// Moves each sample's memory row towards its new projection and renormalises it:
    /// `m ← normalize(μ · m + (1 − μ) · v)`. Only in training mode.
    func update(_ bank: Tensor, rows indices: [Int], with projections: Tensor, momentum: Float) {
        guard isTraining else { return }
        let width = bank.shape[1]
        for (b, index) in indices.enumerated() {
            let row = bank.pointer + index * width, projection = projections.pointer + b * width
            var norm: Float = 0
            for i in 0..<width {
                row[i] = momentum * row[i] + (1 - momentum) * projection[i]
                norm += row[i] * row[i]
            }
            let scale = 1 / max(norm.squareRoot(), 1e-12)
            for i in 0..<width { row[i] *= scale }
        }
    }
}
