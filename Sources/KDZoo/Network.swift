import KDLayers
import KDTensor

/// A model built by an architecture plugin: a ``Module`` (so its parameters and buffers
/// have PyTorch state-dict names) that maps a batch to logits and named feature taps.
public protocol Network: Module {
    /// Runs the network on a batch of shape `[N] + input.shape`, for the ``InputSpec`` it was built for.
    func forward(_ input: Tensor) -> NetworkOutput
    /// Runs the network on a batch with what the batch carries besides its samples: sequence
    /// lengths (recurrent networks mask padded steps) and targets (sequence-to-sequence models are
    /// teacher-forced on them). The default ignores the context and calls ``forward(_:)``.
    func forward(_ input: Tensor, context: BatchContext) -> NetworkOutput
}

extension Network {
    public func forward(_ input: Tensor, context: BatchContext) -> NetworkOutput { forward(input) }

    /// Same as ``forward(_:)``.
    public func callAsFunction(_ input: Tensor) -> NetworkOutput { forward(input) }

    /// Same as ``forward(_:context:)``.
    public func callAsFunction(_ input: Tensor, context: BatchContext) -> NetworkOutput { forward(input, context: context) }
}

/// What a ``Network`` returns: the logits and the intermediate features that feature- and
/// relation-based distillation methods (FitNet, AT, SP, RKD, CRD) compare between teacher and student.
public struct NetworkOutput {
    /// `[N, classes]` for classification, `[N, steps, vocabulary]` for sequence-to-sequence models.
    public let logits: Tensor
    /// The named features, in forward order, ending with ``TapName/embedding`` and ``TapName/logits``.
    public let taps: FeatureTaps

    /// An output whose taps are `features` (stems, stages, the embedding) followed by the logits.
    public init(logits: Tensor, features: [(name: String, tensor: Tensor)]) {
        self.logits = logits
        self.taps = FeatureTaps(features + [(TapName.logits, logits)])
    }
}

/// The conventional names of feature taps, so that methods can find "the last stage" or
/// "the embedding" of any architecture.
///
/// Taps follow RepDistiller's `is_feat=True, preact=False` features: each stage's output as the
/// next stage receives it. For post-activation networks (ResNet) that is after the final ReLU;
/// for pre-activation networks (WRN, DenseNet) and linear bottlenecks (MobileNetV2) the stage output
/// has no activation applied. Each plugin documents which.
public enum TapName {
    /// The output of the stem (the first convolution and whatever follows it before stage 1).
    public static let stem = "stem"
    /// The pooled, flattened features that the classifier reads: `[N, D]`.
    public static let embedding = "embedding"
    /// The logits: `[N, classes]`.
    public static let logits = "logits"

    /// The output of stage `index`, counting from 1: `stage1`, `stage2`, ...
    public static func stage(_ index: Int) -> String { "stage\(index)" }
}
