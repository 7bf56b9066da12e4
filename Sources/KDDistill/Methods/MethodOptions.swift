import Foundation

/// Hyper-parameters of the distillation methods, from flags or a recipe (keys are the flags'
/// names, `at-weight: 1000`); `nil` means the method's own default, from its paper.
public struct MethodOptions: Codable, Equatable, Sendable {
    /// Softmax temperature of kd, dkd, dml, one and word-kd (defaults 4, 4, 1, 3, 1).
    public var temperature: Float?
    /// The soft-target weight α of Hinton KD (0.9) and word-level KD (0.5); the cross-entropy then weighs 1 − α.
    public var alpha: Float?
    /// FitNet's tap pair, `stage2` or `stage3:stage2` (student:teacher).
    public var hint: String?
    /// The taps of at, nst, sp, rkd, pkt and crd: `stage1,stage2` or `student:teacher` pairs.
    public var taps: String?
    public var fitnetWeight: Float?
    public var atWeight: Float?
    public var nstWeight: Float?
    public var spWeight: Float?
    public var rkdWeight: Float?
    public var rkdDistanceWeight: Float?
    public var rkdAngleWeight: Float?
    public var pktWeight: Float?
    public var crdWeight: Float?
    /// CRD's negatives per sample, K (16 384).
    public var crdNegatives: Int?
    /// CRD's projection width, d (128).
    public var crdDimension: Int?
    public var crdTemperature: Float?
    public var dkdAlpha: Float?
    public var dkdBeta: Float?
    /// DKD's warm-up in epochs (default: a twelfth of the run).
    public var dkdWarmup: Int?
    /// ONE's number of branches (3).
    public var oneBranches: Int?
    /// ONE's ramp-up in epochs (default: 80/300 of the run).
    public var oneRampup: Int?
    /// The beam width with which seq-kd's teacher decodes the training set (5).
    public var seqKdBeam: Int?

    public init() {}

    /// Every option given in `overrides` replaces this one's.
    public func overridden(by overrides: MethodOptions) -> MethodOptions {
        var merged = self
        for path in Self.optionalPaths { path.copy(overrides, &merged) }
        return merged
    }

    /// Throws, naming the flag, when a value is out of its range.
    public func validate() throws {
        func check(_ ok: Bool, _ flag: String, _ rule: String) throws {
            if !ok { throw TrainingError.invalidConfiguration("\(flag): \(rule)") }
        }
        for (flag, value) in [("temperature", temperature), ("crd-temperature", crdTemperature)] {
            if let value { try check(value > 0 && value.isFinite, flag, "must be positive, got \(value)") }
        }
        let weights: [(String, Float?)] = [
            ("fitnet-weight", fitnetWeight), ("at-weight", atWeight), ("nst-weight", nstWeight), ("sp-weight", spWeight),
            ("rkd-weight", rkdWeight), ("rkd-distance-weight", rkdDistanceWeight), ("rkd-angle-weight", rkdAngleWeight),
            ("pkt-weight", pktWeight), ("crd-weight", crdWeight), ("dkd-alpha", dkdAlpha), ("dkd-beta", dkdBeta),
        ]
        for (flag, value) in weights {
            if let value { try check(value >= 0 && value.isFinite, flag, "must not be negative, got \(value)") }
        }
        if let alpha { try check((0...1).contains(alpha), "alpha", "must be in [0, 1], got \(alpha)") }
        for (flag, value, minimum) in [("crd-negatives", crdNegatives, 1), ("crd-dimension", crdDimension, 1),
                                       ("dkd-warmup", dkdWarmup, 0), ("one-branches", oneBranches, 2), ("one-rampup", oneRampup, 0),
                                       ("seq-kd-beam", seqKdBeam, 1)] {
            if let value { try check(value >= minimum, flag, "must be at least \(minimum), got \(value)") }
        }
    }

    /// Copies one optional field from a source to a target when the source has it.
    private struct OptionalPath {
        let copy: (MethodOptions, inout MethodOptions) -> Void
        init<Value>(_ path: WritableKeyPath<MethodOptions, Value?>) {
            copy = { source, target in if let value = source[keyPath: path] { target[keyPath: path] = value } }
        }
    }

    private static let optionalPaths: [OptionalPath] = [
        .init(\.temperature), .init(\.alpha), .init(\.hint), .init(\.taps), .init(\.fitnetWeight), .init(\.atWeight),
        .init(\.nstWeight), .init(\.spWeight), .init(\.rkdWeight), .init(\.rkdDistanceWeight), .init(\.rkdAngleWeight),
        .init(\.pktWeight), .init(\.crdWeight), .init(\.crdNegatives), .init(\.crdDimension), .init(\.crdTemperature),
        .init(\.dkdAlpha), .init(\.dkdBeta), .init(\.dkdWarmup), .init(\.oneBranches), .init(\.oneRampup),
        .init(\.seqKdBeam),
    ]
}
