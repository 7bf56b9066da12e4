import KDTensor

extension InputSpec {
    /// `count` random samples shaped `[count] + shape` that a network built for this spec can read:
    /// features from `N(0, 1)`, or for `tokens` whole-number ids drawn uniformly from the ordinary
    /// tokens (ids past the reserved ``SpecialToken`` ones, when the vocabulary has any).
    /// For profiling, latency measurements and tests.
    public func randomBatch(_ count: Int, using generator: inout SeededGenerator) -> Tensor {
        guard layout == .tokens else { return Tensor.randomNormal([count] + shape, using: &generator) }
        let vocabulary = vocabulary ?? SpecialToken.unknown + 2
        let first = vocabulary > SpecialToken.unknown + 1 ? SpecialToken.unknown + 1 : 0
        let ids = (0..<count * elementCount).map { _ in Float(Int.random(in: first..<vocabulary, using: &generator)) }
        return Tensor(shape: [count] + shape, ids)
    }
}
