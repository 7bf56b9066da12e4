import KDTensor
import KDZoo

/// A model that extends many token prefixes by one token at a time: what ``GreedySearch`` and
/// ``BeamSearch`` drive. Each row of a state is one prefix being extended.
public protocol IncrementalDecoder {
    associatedtype State
    /// Feeds one token per row and returns the logits of the next token, `[rows, vocabulary]`,
    /// with the state after those tokens.
    func step(_ tokens: [Int], state: State) -> (logits: Tensor, state: State)
    /// The state of `rows` of `state` (repeats allowed), in that order.
    func reorder(_ state: State, rows: [Int]) -> State
}

/// The tokens a search may emit: everything but `<pad>` and `<s>`, which no target contains.
enum EmittableTokens {
    static func contains(_ token: Int) -> Bool {
        token != SpecialToken.padding && token != SpecialToken.start
    }
}
