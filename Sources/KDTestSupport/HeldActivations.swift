import KDTensor

/// What a training step holds at its peak, counted in activations of `shape`, and the tensor
/// bytes it leaves live that were not live before it.
///
/// `step` runs twice: the first fills the kernels' scratch pool and allocates the parameters'
/// gradients, the second is measured.
public func activationsHeld(by step: () -> Void, activationShape shape: [Int]) -> (peak: Double, leakedBytes: Int) {
    step()
    TensorMemory.resetPeak()
    let before = TensorMemory.liveBytes
    step()
    let activation = Shape.count(shape) * MemoryLayout<Float>.stride
    return (Double(TensorMemory.peakBytes - before) / Double(activation), TensorMemory.liveBytes - before)
}
