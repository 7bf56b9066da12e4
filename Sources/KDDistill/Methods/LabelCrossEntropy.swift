import KDLayers
import KDTensor
import KDZoo

/// The hard-label loss of a batch: the cross-entropy of `[N, classes]` logits on one class per
/// sample, or of per-step logits `[N, steps, vocabulary]` on the decoder's targets
/// (``TrainingBatch/labels``), averaged over the target tokens with padding ignored.
func labelCrossEntropy(logits: Tensor, labels: [Int], labelSmoothing: Float = 0) -> Tensor {
    guard logits.rank == 3 else { return crossEntropy(logits: logits, labels: labels, labelSmoothing: labelSmoothing) }
    return crossEntropy(logits: logits.reshaped(to: [labels.count, logits.shape[2]]), labels: labels,
                        labelSmoothing: labelSmoothing, ignoreIndex: SpecialToken.padding)
}
