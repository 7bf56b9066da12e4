import KDLayers
import KDTensor
import KDZoo

/// A stacked, optionally bidirectional LSTM over `[N, T, F]` frames, pooled to one vector per
/// sequence and classified by a linear layer. State-dict names follow PyTorch
/// (`lstm.weight_ih_l0`, ..., `fc.weight`), so an `nn.LSTM(batch_first=True)` + `nn.Linear`
/// model loads unchanged.
///
/// With lengths in the context, padded frames are masked: they change neither the state nor the
/// pooled vector. Taps: `stage1` (the top layer's outputs `[N, T, units · directions]`, zero at
/// padded frames), `embedding` (the pooled vector) and `logits`.
public final class LSTMClassifier: Network {
    /// How the per-frame outputs become one vector.
    public enum Pooling: Sendable {
        /// The final state of the top layer: after each sequence's last valid frame going forward,
        /// and (bidirectional) after its first frame going backward, concatenated.
        case last
        /// The mean of the top layer's outputs over each sequence's valid frames.
        case mean
    }

    let lstm: LSTM
    let fc: Linear
    public let pooling: Pooling

    public init(features: Int, shape: RecurrentShape, pooling: Pooling, classes: Int) {
        lstm = LSTM(inputSize: features, hiddenSize: shape.hiddenSize, layers: shape.layers, bidirectional: shape.bidirectional)
        fc = Linear(inFeatures: shape.outputSize, outFeatures: classes)
        self.pooling = pooling
    }

    public func forward(_ input: Tensor) -> NetworkOutput {
        forward(input, context: BatchContext())
    }

    public func forward(_ input: Tensor, context: BatchContext) -> NetworkOutput {
        let (batch, steps) = (input.shape[0], input.shape[1])
        let lengths = context.lengths ?? Array(repeating: steps, count: batch)
        let run = lstm(input, lengths: lengths)
        let embedding: Tensor
        switch pooling {
        case .last:
            let directions = lstm.bidirectional ? 2 : 1
            let top = run.hidden.slice(alongAxis: 0, (lstm.layers - 1) * directions..<lstm.layers * directions)
            // [D, N, H] -> [N, D·H]: forward state first, as in the outputs.
            embedding = top.permuted([1, 0, 2]).reshaped(to: [batch, directions * lstm.hiddenSize])
        case .mean:
            // Outputs are zero at padded frames, so the sum runs over the valid ones only.
            let reciprocals = Tensor(shape: [batch, 1], lengths.map { 1 / Float(max($0, 1)) })
            embedding = run.outputs.sum(alongAxes: [1]) * reciprocals
        }
        return NetworkOutput(logits: fc(embedding), features: [(TapName.stage(1), run.outputs), (TapName.embedding, embedding)])
    }
}
