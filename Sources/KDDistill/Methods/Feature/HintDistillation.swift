import KDLayers
import KDTensor
import KDZoo

/// FitNets hints (Romero et al., "FitNets: Hints for Thin Deep Nets", ICLR 2015), trained jointly
/// as in RepDistiller's `hint`: a learned regressor maps the student's hint tap to the shape of
/// the teacher's guided tap and the loss is their mean squared error,
///
///     loss = mean (r(f_s) − f_t)²,   weight β = 100 (RepDistiller).
///
/// The regressor (``HintRegressor``) is conv + BN + ReLU, sized in
/// ``prepare(student:teacher:setup:)`` from the two taps' shapes. Default tap pair: the middle
/// one of the pairable stages (`stage2` of WRN's three, as RepDistiller's `hint_layer = 2`);
/// `--hint stage2` or `--hint stage3:stage2` (student:teacher) names another.
public final class HintDistillation: SampleDecomposableMethod, TapPairedMethod {
    public let name = "fitnet"
    /// β (`--fitnet-weight`).
    public let weight: Float
    public let pairedTaps: PairedTaps
    private(set) var regressor: HintRegressor?

    public init(weight: Float = 100, hint: TapSelection = .middleStage) {
        self.weight = weight
        self.pairedTaps = PairedTaps(hint)
    }

    public var learnableModule: Module? { regressor }

    public func prepare(student: NetworkOutput, teacher: NetworkOutput, setup: MethodSetup) throws {
        try pairedTaps.resolve(student: student, teacher: teacher, method: name)
        guard let pairs = pairedTaps.pairs, pairs.count == 1 else {
            throw TrainingError.invalidConfiguration(
                "hint: FitNet takes one tap pair, got \((pairedTaps.pairs ?? []).map(\.description).joined(separator: ","))")
        }
        regressor = try HintRegressor(student: student.taps[pairs[0].student]!.shape,
                                      teacher: teacher.taps[pairs[0].teacher]!.shape, pair: pairs[0])
    }

    public func sampleLosses(student: NetworkOutput, teacher: NetworkOutput, step: TrainingStep) -> Tensor {
        guard let regressor else { preconditionFailure("fitnet: prepare(student:teacher:setup:) builds the regressor first") }
        return pairedTaps.sum(student: student, teacher: teacher, method: name) { student, teacher in
            FeatureAlignment.rows((regressor(student) - regressor.target(teacher)).squared()).mean(alongAxes: [1])
        }
    }
}
