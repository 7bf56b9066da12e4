import KDTensor

/// A stacked, optionally bidirectional LSTM with PyTorch's parameters and semantics
/// (`nn.LSTM(..., batch_first=True)`).
///
/// Sequences are **batch-first**: input `[N, T, inputSize]`, outputs `[N, T, hiddenSize · D]`
/// with `D = 2` when bidirectional (forward features first), final states
/// `[layers · D, N, hiddenSize]` ordered as PyTorch's `h_n` (layer 0 forward, layer 0
/// reverse, layer 1 forward, ...).
///
/// Parameters are named as PyTorch's (`weight_ih_l0 [4H, in]`, `weight_hh_l0 [4H, H]`,
/// `bias_ih_l0`, `bias_hh_l0`, `*_reverse`), gates ordered input, forget, cell, output, and
/// initialised from `U(-1/√H, 1/√H)`, so a PyTorch state dict loads unchanged.
///
/// Padded batches pass `lengths`: steps at or past a sequence's length neither change its
/// state nor leak into the outputs (which are zero there), and the reverse direction starts
/// at each sequence's own last step, as with PyTorch's packed sequences.
public final class LSTM: Module, ModeDependent {
    /// Features per step of the input.
    public let inputSize: Int
    /// Features of the state, per direction.
    public let hiddenSize: Int
    /// Stacked layers; each after the first reads the previous one's outputs.
    public let layers: Int
    /// Whether each layer also runs from the last step to the first.
    public let bidirectional: Bool
    /// Dropout on the outputs of every layer but the last, in training mode.
    public let dropout: Float
    public var isTraining = true

    /// Per layer and direction: `weight_ih`, `weight_hh`, `bias_ih`, `bias_hh`.
    private let weights: [[Tensor]]
    private var dropoutGenerator: SeededGenerator

    /// An LSTM with weights drawn from the thread's initialisation generator.
    public init(inputSize: Int, hiddenSize: Int, layers: Int = 1, bidirectional: Bool = false, dropout: Float = 0) {
        precondition(layers >= 1 && hiddenSize >= 1, "LSTM: needs at least one layer and one hidden unit")
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.layers = layers
        self.bidirectional = bidirectional
        self.dropout = dropout
        let directions = bidirectional ? 2 : 1
        let bound = 1 / Float(hiddenSize).squareRoot()
        weights = (0..<layers * directions).map { index in
            let layerInput = index < directions ? inputSize : hiddenSize * directions
            return [[4 * hiddenSize, layerInput], [4 * hiddenSize, hiddenSize], [4 * hiddenSize], [4 * hiddenSize]].map { shape in
                let tensor = Tensor.zeros(shape)
                Init.uniform(tensor, low: -bound, high: bound)
                tensor.requiresGrad = true
                return tensor
            }
        }
        dropoutGenerator = InitializationRandom.draw { $0.fork() }
    }

    private var directions: Int { bidirectional ? 2 : 1 }

    public var ownParameters: [(name: String, tensor: Tensor)] {
        weights.enumerated().flatMap { index, tensors in
            let suffix = "_l\(index / directions)" + (index % directions == 1 ? "_reverse" : "")
            return zip(["weight_ih", "weight_hh", "bias_ih", "bias_hh"], tensors).map { ($0 + suffix, $1) }
        }
    }

    /// The outputs of the last layer and the final state of every layer and direction.
    public struct Output {
        /// `[N, T, hiddenSize · directions]`, zero at padded steps.
        public let outputs: Tensor
        /// `[layers · directions, N, hiddenSize]`: the state after each sequence's last valid step.
        public let hidden: Tensor
        /// `[layers · directions, N, hiddenSize]`.
        public let cell: Tensor
    }

    /// Runs the LSTM over `input` `[N, T, inputSize]`.
    /// - Parameters:
    ///   - lengths: the valid length of each sequence (each in `0...T`), for padded batches.
    ///   - initialState: `(hidden, cell)`, each `[layers · directions, N, hiddenSize]`; zeros when omitted.
    public func callAsFunction(_ input: Tensor, lengths: [Int]? = nil,
                               initialState: (hidden: Tensor, cell: Tensor)? = nil) -> Output {
        precondition(input.rank == 3 && input.shape[2] == inputSize,
                     "LSTM: input \(Shape.describe(input.shape)) should be [N, T, \(inputSize)]")
        let (batch, steps) = (input.shape[0], input.shape[1])
        let lengths = lengths ?? Array(repeating: steps, count: batch)
        precondition(lengths.count == batch && lengths.allSatisfy { (0...steps).contains($0) },
                     "LSTM: lengths \(lengths) do not fit \(batch) sequences of \(steps) steps")
        let stateShape = [layers * directions, batch, hiddenSize]
        if let initialState {
            precondition(initialState.hidden.shape == stateShape && initialState.cell.shape == stateShape,
                         "LSTM: initial state should be \(Shape.describe(stateShape))")
        }

        var layerInput = input
        var finalHidden: [Tensor] = [], finalCell: [Tensor] = []
        for layer in 0..<layers {
            var directionOutputs: [Tensor] = []
            for direction in 0..<directions {
                let index = layer * directions + direction
                let (weightIH, weightHH, biasIH, biasHH) = (weights[index][0], weights[index][1], weights[index][2], weights[index][3])
                let start = initialState.map { state in
                    (state.hidden.slice(alongAxis: 0, index..<index + 1).reshaped(to: [batch, hiddenSize]),
                     state.cell.slice(alongAxis: 0, index..<index + 1).reshaped(to: [batch, hiddenSize]))
                } ?? (Tensor.zeros([batch, hiddenSize]), Tensor.zeros([batch, hiddenSize]))
                let result = LSTMRecurrence.run(input: layerInput, inputWeight: weightIH, bias: biasIH + biasHH,
                                                recurrentWeight: weightHH, initialHidden: start.0, initialCell: start.1,
                                                lengths: lengths, reverse: direction == 1)
                directionOutputs.append(result.outputs)
                finalHidden.append(result.hidden.reshaped(to: [1, batch, hiddenSize]))
                finalCell.append(result.cell.reshaped(to: [1, batch, hiddenSize]))
            }
            layerInput = directions == 1 ? directionOutputs[0] : Tensor.concatenate(directionOutputs, alongAxis: 2)
            if isTraining, dropout > 0, layer < layers - 1 {
                layerInput = layerInput.dropout(probability: dropout, using: &dropoutGenerator)
            }
        }
        return Output(outputs: layerInput, hidden: Tensor.concatenate(finalHidden, alongAxis: 0),
                      cell: Tensor.concatenate(finalCell, alongAxis: 0))
    }
}
