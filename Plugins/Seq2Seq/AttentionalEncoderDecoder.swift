import KDLayers
import KDTensor
import KDZoo

/// An LSTM encoder-decoder with Luong attention (``LuongAttention``, "general" score).
///
/// - Encoder: token embeddings (for `tokens` inputs; frames `[T, F]` are read directly), then a
///   stacked, optionally bidirectional LSTM over the valid source steps.
/// - Decoder: target embeddings and a stacked LSTM of `units · directions` units, started from the
///   encoder's final states (both directions concatenated per layer); each step's top state
///   attends over the encoder outputs, and the attentional state h̃ is projected to the
///   target vocabulary.
///
/// Training is teacher-forced: with targets in the context, the decoder reads `<s> y₁ … y_k` and the
/// logits `[N, steps, vocabulary]` score `y₁ … y_k </s>`. Without targets, `forward` decodes
/// greedily (up to the source length) and returns the teacher-forced pass over its own output.
/// ``generate(_:lengths:maxLength:beamWidth:)`` runs greedy or beam search.
///
/// Taps: `stage1` (encoder outputs `[N, S, units · directions]`), `stage2` (attentional states
/// `[N, steps, units · directions]`), `embedding` (the top layer's initial decoder state, the
/// encoder's summary of the source, `[N, units · directions]`), `logits`.
public final class AttentionalEncoderDecoder: SequenceGenerating {
    let sourceEmbedding: Embedding?
    let encoder: LSTM
    let targetEmbedding: Embedding
    let decoder: LSTM
    let attention: LuongAttention
    let fc: Linear
    let shape: RecurrentShape

    /// A model for `input` (`tokens` with a vocabulary, or `sequence` frames) writing tokens of a
    /// `targetVocabulary`-id vocabulary; embeddings have `shape.hiddenSize` dimensions.
    public init(input: InputSpec, shape: RecurrentShape, targetVocabulary: Int) {
        let embedding = shape.hiddenSize
        if input.layout == .tokens {
            let vocabulary = input.vocabulary ?? 0
            precondition(vocabulary > 0, "AttentionalEncoderDecoder: a tokens input needs its vocabulary size")
            sourceEmbedding = Embedding(count: vocabulary, dimension: embedding, paddingIndex: SpecialToken.padding)
        } else {
            sourceEmbedding = nil
        }
        encoder = LSTM(inputSize: sourceEmbedding == nil ? input.shape[1] : embedding, hiddenSize: shape.hiddenSize,
                       layers: shape.layers, bidirectional: shape.bidirectional)
        targetEmbedding = Embedding(count: targetVocabulary, dimension: embedding, paddingIndex: SpecialToken.padding)
        decoder = LSTM(inputSize: embedding, hiddenSize: shape.outputSize, layers: shape.layers)
        attention = LuongAttention(size: shape.outputSize)
        fc = Linear(inFeatures: shape.outputSize, outFeatures: targetVocabulary)
        self.shape = shape
    }

    /// An encoded batch of sources: the attention memory and the decoder's initial state.
    struct EncodedSource {
        let outputs: Tensor
        let memory: LuongAttention.Memory
        /// `[layers, N, units · directions]` each.
        let hidden: Tensor
        let cell: Tensor
    }

    func encode(_ input: Tensor, lengths: [Int]?) -> EncodedSource {
        let batch = input.shape[0]
        let lengths = lengths ?? sourceLengths(of: input)
        let run = encoder(sourceEmbedding.map { $0(input) } ?? input, lengths: lengths)
        // [layers · D, N, H] -> [layers, N, D · H]: each layer's directions side by side.
        let (layers, directions, units) = (shape.layers, shape.directions, shape.hiddenSize)
        let bridge = { (state: Tensor) in
            state.reshaped(to: [layers, directions, batch, units]).permuted([0, 2, 1, 3]).reshaped(to: [layers, batch, directions * units])
        }
        return EncodedSource(outputs: run.outputs, memory: attention.memory(of: run.outputs, lengths: lengths),
                             hidden: bridge(run.hidden), cell: bridge(run.cell))
    }

    /// Every step of frame inputs; for token inputs, the ids before the first padding.
    private func sourceLengths(of input: Tensor) -> [Int] {
        let (batch, steps) = (input.shape[0], input.shape[1])
        guard sourceEmbedding != nil else { return Array(repeating: steps, count: batch) }
        return (0..<batch).map { n in
            let ids = input.pointer + n * steps
            return (0..<steps).first { ids[$0] == Float(SpecialToken.padding) } ?? steps
        }
    }

    public func forward(_ input: Tensor) -> NetworkOutput {
        forward(input, context: BatchContext())
    }

    public func forward(_ input: Tensor, context: BatchContext) -> NetworkOutput {
        let targets = context.targets ?? TargetSequences(
            generate(input, lengths: context.lengths, maxLength: input.shape[1], beamWidth: 1))
        precondition(targets.count == input.shape[0], "seq2seq: \(targets.count) target sequences for \(input.shape[0]) sources")
        let source = encode(input, lengths: context.lengths)
        let embedded = targetEmbedding(targets.decoderInputs, shape: [targets.count, targets.steps])
        let states = decoder(embedded, initialState: (source.hidden, source.cell)).outputs
        let attentional = attention(states, memory: source.memory)
        let embedding = source.hidden.slice(alongAxis: 0, shape.layers - 1..<shape.layers).reshaped(to: [targets.count, shape.outputSize])
        return NetworkOutput(logits: fc(attentional), features: [
            (TapName.stage(1), source.outputs), (TapName.stage(2), attentional), (TapName.embedding, embedding),
        ])
    }

    public func generate(_ input: Tensor, lengths: [Int]?, maxLength: Int, beamWidth: Int) -> [[Int]] {
        noGrad {
            let source = encode(input, lengths: lengths)
            let steps = DecoderSteps(model: self)
            let initial = DecoderSteps.State(hidden: source.hidden, cell: source.cell, memory: source.memory)
            return beamWidth == 1
                ? GreedySearch.run(steps, initial: initial, rows: input.shape[0], maxLength: maxLength)
                : BeamSearch(width: beamWidth, maxLength: maxLength).run(steps, initial: initial, sources: input.shape[0])
        }
    }

    /// The decoder one token at a time, for the searches: the same computation as the
    /// teacher-forced pass, step by step.
    struct DecoderSteps: IncrementalDecoder {
        let model: AttentionalEncoderDecoder

        struct State {
            let hidden: Tensor
            let cell: Tensor
            let memory: LuongAttention.Memory
        }

        func step(_ tokens: [Int], state: State) -> (logits: Tensor, state: State) {
            let rows = tokens.count
            let run = model.decoder(model.targetEmbedding(tokens, shape: [rows, 1]), initialState: (state.hidden, state.cell))
            let logits = model.fc(model.attention(run.outputs, memory: state.memory)).reshaped(to: [rows, model.fc.outFeatures])
            return (logits, State(hidden: run.hidden, cell: run.cell, memory: state.memory))
        }

        func reorder(_ state: State, rows: [Int]) -> State {
            State(hidden: state.hidden.indexSelect(rows, alongAxis: 1), cell: state.cell.indexSelect(rows, alongAxis: 1),
                  memory: state.memory.rows(rows))
        }
    }
}
