/// What a batch carries besides its samples, for networks that use it: the valid length of each
/// padded sequence, and the targets a sequence-to-sequence model is teacher-forced on.
/// Networks that need neither ignore it.
public struct BatchContext: Sendable {
    /// The number of valid steps of each sample (`nil`: every step is valid).
    public var lengths: [Int]?
    /// The target sequences to teacher-force a decoder on (`nil`: the decoder generates greedily).
    public var targets: TargetSequences?

    public init(lengths: [Int]? = nil, targets: TargetSequences? = nil) {
        self.lengths = lengths
        self.targets = targets
    }
}
