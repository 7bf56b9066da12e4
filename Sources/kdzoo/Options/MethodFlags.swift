import ArgumentParser
import KDDistill

/// The distillation methods' hyper-parameters as flags; each overrides the recipe key of the
/// same name, and an unset one keeps the method's paper default (see `kdzoo list`).
struct MethodFlags: ParsableArguments {
    @Option(help: "Softmax temperature of kd, dkd, dml, one and word-kd (defaults 4, 4, 1, 3, 1).") var temperature: Float?
    @Option(help: "Weight of kd's and word-kd's soft-target term (defaults 0.9, 0.5; the cross-entropy gets 1 - alpha).")
    var alpha: Float?
    @Option(help: "FitNet's tap pair: a stage name, or STUDENT:TEACHER (default: the middle paired stage).") var hint: String?
    @Option(help: "Taps of at, nst, sp, rkd, pkt, crd: names or STUDENT:TEACHER pairs, comma-separated (e.g. stage2,stage3).")
    var taps: String?
    @Option(help: "FitNet's weight (default 100).") var fitnetWeight: Float?
    @Option(help: "Attention transfer's weight (default 1000).") var atWeight: Float?
    @Option(help: "NST's weight (default 50).") var nstWeight: Float?
    @Option(help: "Similarity-preserving weight (default 3000).") var spWeight: Float?
    @Option(help: "RKD's overall weight (default 1).") var rkdWeight: Float?
    @Option(help: "RKD's distance term weight (default 25).") var rkdDistanceWeight: Float?
    @Option(help: "RKD's angle term weight (default 50).") var rkdAngleWeight: Float?
    @Option(help: "PKT's weight (default 30000).") var pktWeight: Float?
    @Option(help: "CRD's weight (default 0.8).") var crdWeight: Float?
    @Option(help: "CRD's negatives per sample drawn from its memory bank (default 16384).") var crdNegatives: Int?
    @Option(help: "CRD's projection width; the memory banks take 2 x samples x this many floats (default 128).")
    var crdDimension: Int?
    @Option(help: "CRD's NCE temperature (default 0.07).") var crdTemperature: Float?
    @Option(help: "DKD's target-class weight (default 1).") var dkdAlpha: Float?
    @Option(help: "DKD's non-target weight (default 8).") var dkdBeta: Float?
    @Option(help: "DKD's warm-up in epochs (default: a twelfth of the run).") var dkdWarmup: Int?
    @Option(help: "ONE's number of branches (default 3).") var oneBranches: Int?
    @Option(help: "ONE's KL ramp-up in epochs (default: 80/300 of the run).") var oneRampup: Int?
    @Option(help: "Beam width of seq-kd's teacher when it decodes the training set (default 5).") var seqKdBeam: Int?

    /// The given flags as method options.
    var options: MethodOptions {
        var o = MethodOptions()
        (o.temperature, o.alpha, o.hint, o.taps) = (temperature, alpha, hint, taps)
        (o.fitnetWeight, o.atWeight, o.nstWeight, o.spWeight) = (fitnetWeight, atWeight, nstWeight, spWeight)
        (o.rkdWeight, o.rkdDistanceWeight, o.rkdAngleWeight, o.pktWeight) = (rkdWeight, rkdDistanceWeight, rkdAngleWeight, pktWeight)
        (o.crdWeight, o.crdNegatives, o.crdDimension, o.crdTemperature) = (crdWeight, crdNegatives, crdDimension, crdTemperature)
        (o.dkdAlpha, o.dkdBeta, o.dkdWarmup, o.oneBranches, o.oneRampup) = (dkdAlpha, dkdBeta, dkdWarmup, oneBranches, oneRampup)
        o.seqKdBeam = seqKdBeam
        return o
    }

    /// The recipe keys these flags add (their long names).
    static let recipeKeys: Set<String> = [
        "temperature", "alpha", "hint", "taps", "fitnet-weight", "at-weight", "nst-weight", "sp-weight", "rkd-weight",
        "rkd-distance-weight", "rkd-angle-weight", "pkt-weight", "crd-weight", "crd-negatives", "crd-dimension",
        "crd-temperature", "dkd-alpha", "dkd-beta", "dkd-warmup", "one-branches", "one-rampup", "seq-kd-beam",
    ]
}
