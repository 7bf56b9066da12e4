import KDTensor
import KDZoo

/// Checks data handed to a tree's fit: the feature and class counts the tree was built for,
/// finite inputs, and targets that are probability distributions.
struct FittingDataCheck {
    let featureCount: Int
    let classCount: Int

    func check(_ data: FittingData) throws {
        func invalid(_ message: String) -> FittingError { .invalidData(message) }
        let n = data.count
        guard n >= 1 else { throw invalid("no samples to fit") }
        guard data.inputs.count == n * featureCount else {
            throw invalid("the model reads \(featureCount) features per sample, the data has \(data.inputs.count / n) (\(Shape.describe(data.inputs.shape)))")
        }
        guard data.targets.shape[1] == classCount else {
            throw invalid("the model predicts \(classCount) classes, the targets have \(data.targets.shape[1])")
        }
        if let bad = UnsafeBufferPointer(start: data.inputs.pointer, count: data.inputs.count).firstIndex(where: { !$0.isFinite }) {
            throw invalid("input value \(bad % featureCount) of sample \(bad / featureCount) is \(data.inputs.pointer[bad])")
        }
        let targets = data.targets.pointer
        for row in 0..<n {
            var total: Float = 0
            for c in 0..<classCount {
                let t = targets[row * classCount + c]
                guard t.isFinite, t >= 0 else { throw invalid("target \(c) of sample \(row) is \(t); targets must be probabilities") }
                total += t
            }
            guard abs(total - 1) < 1e-3 else { throw invalid("the targets of sample \(row) sum to \(total), not 1") }
        }
    }
}
