import ArgumentParser
import KDDistill
import KDZoo

/// The flags of students fitted to soft labels rather than trained by gradient (decision
/// trees), shared by `train` and `distill`. Soft trees also read the training flags (epochs,
/// batch size, learning rate, seed).
struct FittingFlags: ParsableArguments {
    @Option(help: "Trees: what splits minimise against the targets, cross-entropy or squared-error (default cross-entropy).")
    var criterion: FittingOptions.Criterion?
    @Option(help: "Trees: the fewest training samples a leaf may hold (default 1).") var minSamplesLeaf: Int?
    @Option(help: "Trees: features drawn at random per split (default: all).") var maxFeatures: Int?
    @Option(help: "Trees: shifted copies of every training image the teacher labels on top of the originals (default 0).")
    var copies: Int?
    @Option(help: "Trees: the largest shift of those copies, in pixels (default 1).") var shift: Int?

    func validate() throws {
        if let shift, shift < 1 { throw ValidationError("--shift must be at least 1, got \(shift)") }
    }

    /// The fit's options: these flags over the defaults, and the training configuration's seed,
    /// epochs and batch size; the learning rate only when given (`learningRate`), since a soft
    /// tree's Adam wants a smaller one than the SGD default.
    func options(training: TrainingConfiguration, learningRate: Float?) -> FittingOptions {
        var options = FittingOptions()
        if let criterion { options.criterion = criterion }
        if let minSamplesLeaf { options.minSamplesPerLeaf = minSamplesLeaf }
        options.maxFeatures = maxFeatures
        options.seed = training.seed
        options.epochs = training.epochs
        options.batchSize = training.batchSize
        if let learningRate { options.learningRate = learningRate }
        return options
    }
}

extension FittingOptions.Criterion: ExpressibleByArgument {}
