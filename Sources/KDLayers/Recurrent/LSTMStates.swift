import KDTensor

/// Where one direction of an LSTM layer keeps its states, gate activations and cell tanh while
/// it runs.
///
/// Training keeps every step, as back-propagation through time reads them all: state slot `s`
/// holds the state before step `s` (in processing order), slot `steps` the final one, and gate
/// slot `s` step `s`'s activations. Inference keeps a single slot of each that every step
/// overwrites in place (a step reads its previous state only before writing the next), so it
/// neither allocates nor streams through memory that grows with the sequence: the gates alone
/// would be `T·N·4H` floats, 26 MB for a 256-unit layer on 64 sequences of 100 frames.
struct LSTMStates {
    /// `[slots, N, H]`: the hidden state.
    let hidden: Tensor
    /// `[slots, N, H]`: the cell state.
    let cell: Tensor
    /// `[steps or 1, N, 4H]`: gate activations (input, forget, cell, output).
    let gates: Tensor
    /// `[steps or 1, N, H]`: `tanh` of the cell state after each step.
    let cellTanh: Tensor
    /// Whether every step has its own slot.
    let keepsHistory: Bool
    private let stateSize: Int, gateSize: Int

    init(steps: Int, batch: Int, hiddenSize: Int, keepsHistory: Bool) {
        let slots = keepsHistory ? steps : 1
        hidden = Tensor(uninitializedShape: [slots + (keepsHistory ? 1 : 0), batch, hiddenSize])
        cell = Tensor(uninitializedShape: hidden.shape)
        gates = Tensor(uninitializedShape: [slots, batch, 4 * hiddenSize])
        cellTanh = Tensor(uninitializedShape: [slots, batch, hiddenSize])
        self.keepsHistory = keepsHistory
        stateSize = batch * hiddenSize
        gateSize = 4 * stateSize
    }

    /// The hidden state before step `s`; `s == steps` gives the final state.
    func hiddenBefore(_ s: Int) -> UnsafeMutablePointer<Float> { hidden.pointer + (keepsHistory ? s : 0) * stateSize }

    /// The cell state before step `s`; `s == steps` gives the final state.
    func cellBefore(_ s: Int) -> UnsafeMutablePointer<Float> { cell.pointer + (keepsHistory ? s : 0) * stateSize }

    /// Step `s`'s gate activations, `[N, 4H]`.
    func gates(_ s: Int) -> UnsafeMutablePointer<Float> { gates.pointer + (keepsHistory ? s : 0) * gateSize }

    /// Step `s`'s cell tanh, `[N, H]`.
    func cellTanh(_ s: Int) -> UnsafeMutablePointer<Float> { cellTanh.pointer + (keepsHistory ? s : 0) * stateSize }
}
