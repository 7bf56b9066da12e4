import Foundation
import KDTensor
import KDZoo

/// Runs a ``FittableNetwork/fit(_:options:progress:)`` as a phase of a run, and gathers the
/// labelled data a teacher-free fit needs.
public enum StudentFitting {
    /// Fits `network` to `data`, reporting the fit as the phase `fitting <name>` and its duration as a note.
    public static func fit(_ network: any FittableNetwork, name: String, to data: FittingData, options: FittingOptions,
                           observer: TrainingObserver = SilentObserver()) throws {
        let started = Date()
        var phaseStarted = false
        try network.fit(data, options: options) { progress in
            if !phaseStarted {
                observer.phaseDidStart("fitting \(name)", total: progress.total)
                phaseStarted = true
            }
            observer.phaseDidProgress(completed: progress.completed)
        }
        observer.note(String(format: "%@ fitted to %d samples in %.2f s", name, data.count, Date().timeIntervalSince(started)))
    }

    /// Every sample of `data` (which must visit each exactly once) with its one-hot label, in
    /// dataset order, presented as `input`: what a network is fitted to without a teacher.
    public static func labelledSamples(of data: BatchProvider, presentedAs input: InputSpec, classes: Int) throws -> FittingData {
        let n = data.sampleCount
        let inputs = Tensor(uninitializedShape: [n] + input.shape)
        var labels = [Int](repeating: -1, count: n)
        let perSample = input.elementCount
        for index in 0..<data.batchCount {
            let batch = try data.batch(index, epoch: 0)
            for (row, sample) in batch.sampleIndices.enumerated() {
                (inputs.pointer + sample * perSample).update(from: batch.inputs.pointer + row * perSample, count: perSample)
                labels[sample] = batch.labels[row]
            }
        }
        if let missing = labels.firstIndex(of: -1) {
            throw TrainingError.invalidConfiguration("training data: sample \(missing) was never visited; the data must visit every sample once")
        }
        if let bad = labels.first(where: { !(0..<classes).contains($0) }) {
            throw TrainingError.invalidConfiguration("training data: label \(bad) is outside the \(classes) classes")
        }
        return .oneHot(inputs: inputs, labels: labels, classes: classes)
    }
}
