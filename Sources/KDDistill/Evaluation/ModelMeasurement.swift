import KDLayers
import KDTensor
import KDZoo

extension ModelSummary {
    /// Measures a trained network for a report: accuracy on `testData`, parameters, bytes of its
    /// state (float32), MACs per sample and single-sample latency.
    public static func measure(_ network: any Network, model: String, role: Role, input: InputSpec, classes: Int,
                               on testData: BatchProvider) throws -> ModelSummary {
        let accuracy = try Evaluation.accuracy(of: network, input: input, on: testData)
        return ModelSummary(
            role: role, model: model, top1: accuracy.top1, top5: classes > 10 ? accuracy.topK : nil,
            parameters: network.parameterCount,
            bytes: network.stateDict().reduce(0) { $0 + $1.tensor.count * MemoryLayout<Float>.stride },
            macs: NetworkProfile(profiling: network, input: input).macs,
            latencyMilliseconds: Evaluation.latencyMilliseconds(of: network, input: input))
    }
}
