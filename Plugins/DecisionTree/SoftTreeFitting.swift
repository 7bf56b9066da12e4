import KDLayers
import KDTensor
import KDZoo

/// Fits a ``SoftDecisionTree`` to target distributions as Frosst and Hinton train it: Adam on
/// shuffled mini-batches of ``SoftTreeObjective``, from an initialisation drawn from the seed.
struct SoftTreeFitting {
    let tree: SoftDecisionTree
    let options: FittingOptions

    func run(on data: FittingData, progress: (FittingProgress) -> Void) throws {
        withRandomSeed(options.seed) { tree.resetParameters() }
        tree.train()
        let optimizer = Adam(parameters: tree.parameters, learningRate: options.learningRate)
        let objective = SoftTreeObjective(tree: tree)
        var shuffler = SeededGenerator(seed: options.seed &+ 1)
        let n = data.count
        for epoch in 0..<options.epochs {
            var order = Array(0..<n)
            order.shuffle(using: &shuffler)
            var total = 0.0
            for start in stride(from: 0, to: n, by: options.batchSize) {
                let rows = Array(order[start..<min(start + options.batchSize, n)])
                let loss = objective.loss(inputs: data.inputs.indexSelect(rows, alongAxis: 0),
                                          targets: data.targets.indexSelect(rows, alongAxis: 0)).total
                guard loss.item.isFinite else {
                    throw FittingError.diverged("the soft tree's loss became \(loss.item) in epoch \(epoch + 1); lower the learning rate (now \(options.learningRate))")
                }
                optimizer.zeroGrad()
                loss.backward()
                optimizer.step()
                total += Double(loss.item) * Double(rows.count)
            }
            progress(FittingProgress(completed: epoch + 1, total: options.epochs, loss: total / Double(n)))
        }
        tree.eval()
    }
}
