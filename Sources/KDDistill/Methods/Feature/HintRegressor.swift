import KDLayers
import KDTensor

/// FitNet's regressor from a student tap to a teacher tap's shape: conv + BN + ReLU for NCHW
/// maps (RepDistiller's `ConvReg`), linear + BN + ReLU for flat features.
///
/// For maps, with student size `Hs x Ws` and teacher size `Ht x Wt`:
/// - `Hs = 2Ht, Ws = 2Wt`: a 3x3 convolution with stride 2;
/// - otherwise a valid convolution with kernel `(1 + Hs − h) x (1 + Ws − w)` to the common size
///   `h = min(Hs, Ht)`, `w = min(Ws, Wt)` (1x1 when sizes agree). When the student map is the
///   smaller one, the teacher's is average-pooled down to it (RepDistiller would use a transposed
///   convolution for exactly half the size and refuse other cases).
final class HintRegressor: Module {
    let conv: Conv2d?
    let linear: Linear?
    let bn: BatchNorm
    /// The spatial size the teacher's map is compared at, for maps.
    let targetSize: Size2D?

    init(student: [Int], teacher: [Int], pair: TapPair) throws {
        switch (student.count, teacher.count) {
        case (4, 4):
            let (hs, ws, ht, wt) = (student[2], student[3], teacher[2], teacher[3])
            if hs == 2 * ht && ws == 2 * wt {
                conv = Conv2d(inChannels: student[1], outChannels: teacher[1], kernelSize: 3, stride: 2, padding: 1)
                targetSize = Size2D(ht, wt)
            } else {
                let size = Size2D(min(hs, ht), min(ws, wt))
                conv = Conv2d(inChannels: student[1], outChannels: teacher[1],
                              kernelSize: Size2D(1 + hs - size.height, 1 + ws - size.width))
                targetSize = size
            }
            linear = nil
            bn = BatchNorm2d(features: teacher[1])
        case (2, 2):
            conv = nil
            targetSize = nil
            linear = Linear(inFeatures: student[1], outFeatures: teacher[1])
            bn = BatchNorm1d(features: teacher[1])
        default:
            throw TrainingError.invalidConfiguration(
                "hint: cannot regress student tap \(pair.student) \(Shape.describe(student)) onto teacher tap \(pair.teacher) \(Shape.describe(teacher)); both must be NCHW maps or both flat [N, D]")
        }
    }

    /// The student's tap mapped to the teacher's shape.
    func callAsFunction(_ features: Tensor) -> Tensor {
        let mapped = conv.map { $0(features) } ?? linear!(features)
        return bn(mapped).relu()
    }

    /// The teacher's tap at the size the regressor produces.
    func target(_ features: Tensor) -> Tensor {
        targetSize.map { FeatureAlignment.pooled(features, to: $0) } ?? features
    }
}
