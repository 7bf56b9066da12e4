extension Tensor {
    /// Inverted dropout: zeroes each element with `probability` and scales the survivors by
    /// `1 / (1 - probability)`, so the expected value is unchanged. Always applies (the
    /// Dropout layer decides when); the mask is drawn from `generator`, one uniform per
    /// element in row-major order, so a seed fixes it. The gradient is masked the same way.
    public func dropout(probability: Float, using generator: inout SeededGenerator) -> Tensor {
        precondition(probability >= 0 && probability <= 1, "dropout: probability \(probability) must be in [0, 1]")
        // The mask holds each element's factor: 0 or 1/(1-p) (all zeros when p == 1).
        let mask = Tensor(uninitializedShape: shape)
        let keep = probability < 1 ? 1 / (1 - probability) : 0
        let m = mask.pointer
        for i in 0..<count { m[i] = generator.nextUniform() < probability ? 0 : keep }
        let output = Tensor.zipElements(self, mask, *)
        return output.recorded("dropout", inputs: [self]) { g in
            [Tensor.zipElements(g, mask, *)]
        }
    }
}
