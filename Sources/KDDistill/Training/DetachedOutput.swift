import KDTensor
import KDZoo

extension NetworkOutput {
    /// The same logits and taps cut from the autograd graph: what a peer student's output is
    /// to the others in mutual learning.
    func detached() -> NetworkOutput {
        NetworkOutput(logits: logits.detached(), features: taps.filter { $0.name != TapName.logits }
            .map { ($0.name, $0.tensor.detached()) })
    }
}
