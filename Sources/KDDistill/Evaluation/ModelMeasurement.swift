import KDLayers
import KDTensor
import KDZoo

extension ModelSummary {
    /// Measures a trained network for a report: accuracy on `testData` (for a sequence-to-sequence
    /// model, sequence accuracy and token error rate decoding with `beamWidth`), parameters, bytes
    /// of its state (float32), MACs per sample and single-sample latency.
    public static func measure(_ network: any Network, model: String, role: Role, input: InputSpec, classes: Int,
                               on testData: BatchProvider, beamWidth: Int = 1) throws -> ModelSummary {
        let score = try Evaluation.score(of: network, input: input, on: testData, beamWidth: beamWidth)
        return ModelSummary(
            role: role, model: model, top1: score.accuracy, top5: classes > 10 ? score.top5 : nil,
            parameters: network.parameterCount,
            bytes: network.stateDict().reduce(0) { $0 + $1.tensor.count * MemoryLayout<Float>.stride },
            macs: NetworkProfile(profiling: network, input: input).macs,
            latencyMilliseconds: Evaluation.latencyMilliseconds(of: network, input: input, beamWidth: beamWidth),
            tokenErrorRate: score.tokenErrorRate)
    }
}
