import Foundation
import KDLayers
import KDTensor
import KDTestSupport
import KDZoo
import XCTest

/// The checks every architecture plugin must pass, run by the catalog tests for each registered
/// plugin (so a new plugin is tested the moment it registers) and by any test on its own plugin.
public struct ArchitectureConformance {
    public let architecture: any Architecture

    /// The inputs every image architecture must accept: MNIST-sized and CIFAR-sized.
    public static let standardInputs: [(input: InputSpec, classes: Int)] = [
        (.mnist, 10),
        (.cifar, 100),
    ]

    /// The inputs every architecture of `task` must accept: images for image classifiers; 40
    /// log-mel features over 100 and 98 frames for sequence classifiers; grapheme-to-phoneme
    /// tokens (12 letters of 30 ids to 125 phonemes) and MFCC frames to digit words for
    /// sequence-to-sequence models.
    public static func standardInputs(for task: Task) -> [(input: InputSpec, classes: Int)] {
        switch task {
        case .imageClassification: standardInputs
        case .sequenceClassification: [(try! InputSpec(parsing: "100x40"), 10), (try! InputSpec(parsing: "98x40"), 18)]
        case .sequenceToSequence: [(try! .tokens(length: 12, vocabulary: 30), 125), (try! InputSpec(parsing: "175x13"), 14)]
        }
    }

    /// Small inputs for the costly checks, smallest first; each architecture gets the first it can read.
    static func tinyInputs(for task: Task) -> [InputSpec] {
        switch task {
        case .imageClassification: ["2x8x8", "2x12x12", "2x16x16", "1x28x28"].map { try! InputSpec(parsing: $0) }
        case .sequenceClassification: [try! InputSpec(parsing: "6x5")]
        case .sequenceToSequence: [try! .tokens(length: 5, vocabulary: 9), try! InputSpec(parsing: "6x5")]
        }
    }

    /// The class count of the tiny networks: 3 classes, or 8 target tokens (reserved ones included).
    var tinyClasses: Int { architecture.task.isClassification ? 3 : 8 }

    public init(_ architecture: any Architecture) {
        self.architecture = architecture
    }

    /// The architecture's tiny variant on the smallest input it reads, with ``tinyClasses``
    /// classes: cheap enough for finite differences in a debug build.
    public func makeTinyNetwork(seed: UInt64 = 1) throws -> (any Network, InputSpec) {
        let spec = try ModelSpec(architecture, variant: architecture.tinyVariant)
        let candidates = Self.tinyInputs(for: architecture.task)
        guard let input = candidates.lazy.compactMap(architecture.presentation(of:)).first else {
            throw ZooError.unsupportedInput(architecture: architecture.name, input: candidates.last!, reason: "no tiny input fits")
        }
        return (try withRandomSeed(seed) { try spec.makeNetwork(input: input, classes: tinyClasses) }, input)
    }

    /// A random batch for the tiny network, with the context its task needs.
    func tinyBatch(_ count: Int, input: InputSpec, seed: UInt64) -> ConformanceBatch {
        ConformanceBatch(task: architecture.task, input: input, classes: tinyClasses, count: count, seed: seed)
    }

    /// Builds every listed variant for both standard inputs and checks one forward pass:
    /// logits `[2, classes]`, finite logits and taps, the conventional tap names. Builds run on
    /// all cores (construction dominates in a debug build). Returns each variant's parameter
    /// count for 3x32x32 and 100 classes.
    @discardableResult
    public func checkEveryVariantBuilds(file: StaticString = #filePath, line: UInt = #line) throws -> [String: Int] {
        let specs = try architecture.variants.map { try ModelSpec(architecture, variant: $0) }
        let standard = Self.standardInputs(for: architecture.task)
        let jobs = specs.flatMap { spec in standard.map { (spec, $0.input, $0.classes) } }
        var reports = [(problems: [String], parameters: Int)?](repeating: nil, count: jobs.count)
        let lock = NSLock()
        DispatchQueue.concurrentPerform(iterations: jobs.count) { index in
            let report = Self.buildAndRun(jobs[index].0, data: jobs[index].1, classes: jobs[index].2)
            lock.withLock { reports[index] = report }
        }
        var counts: [String: Int] = [:]
        for ((spec, _, classes), report) in zip(jobs, reports) {
            for problem in report!.problems { XCTFail(problem, file: file, line: line) }
            if classes == standard.last!.classes { counts[spec.variant] = report!.parameters }
        }
        return counts
    }

    /// Builds `spec` for `data` and runs a batch of two; returns what is wrong and the parameter count.
    private static func buildAndRun(_ spec: ModelSpec, data: InputSpec, classes: Int) -> (problems: [String], parameters: Int) {
        guard let input = spec.architecture.presentation(of: data) else { return (["\(spec) cannot read \(data)"], 0) }
        let context = "\(spec) on \(input)"
        let network: any Network
        do {
            network = try withRandomSeed(1) { try spec.makeNetwork(input: input, classes: classes) }
        } catch {
            return (["\(context): \(error)"], 0)
        }
        let batch = ConformanceBatch(task: spec.architecture.task, input: input, classes: classes, count: 2, seed: 2)
        let output = noGrad { batch.run(network) }
        var problems: [String] = []
        if output.logits.shape != batch.logitsShape { problems.append("\(context): logits \(output.logits.shape)") }
        let names = output.taps.names
        if Array(names.suffix(2)) != [TapName.embedding, TapName.logits] { problems.append("\(context): taps \(names)") }
        if output.taps.stages.isEmpty { problems.append("\(context): no stage taps in \(names)") }
        if output.taps[TapName.embedding]?.rank != 2 { problems.append("\(context): the embedding must be [N, D]") }
        for (name, tensor) in output.taps {
            if tensor.shape.first != 2 { problems.append("\(context): tap \(name) lost the batch axis") }
            if !tensor.scalars.allSatisfy(\.isFinite) { problems.append("\(context): tap \(name) is not finite") }
        }
        return (problems, network.parameterCount)
    }

    /// Compares autograd with central differences through the whole tiny network.
    ///
    /// A ReLU network is piecewise linear in evaluation mode, where central differences are exact
    /// away from kinks; so the check runs in evaluation mode, after calibrating the batch-norm
    /// running statistics on the batch (which keeps activations near unit scale, as training
    /// would), and skips elements next to a kink (see ``GradientCheck``). The function is the
    /// logits and the mean of every tap, so every tap's backward path is exercised while the
    /// output stays small enough for Float32 differences. Checked: two elements of the input and
    /// of up to `parameterTensors` parameter tensors spread from the first layer to the last.
    ///
    /// The bound is 3%: Float32 rounding alone moves a difference that much in the deepest
    /// tiny network. On OpenBLAS's Cooperlake kernels, mobilenetv2-0.25's worst element has
    /// autograd -1.806 and differences -1.850, -1.840, -1.920, -1.171 at steps of 3e-4, 1.5e-4,
    /// 7.5e-5 and 3.75e-5 (noise growing as the step shrinks, no kink).
    public func checkGradients(parameterTensors: Int = 24, file: StaticString = #filePath, line: UInt = #line) throws {
        let (error, location) = try gradientMismatch(parameterTensors: parameterTensors)
        XCTAssertLessThanOrEqual(error, 3e-2, "\(architecture.name)-\(architecture.tinyVariant): gradient mismatch at \(location)",
                                 file: file, line: line)
    }

    /// The largest relative mismatch ``checkGradients(parameterTensors:file:line:)`` finds, and where.
    public func gradientMismatch(parameterTensors: Int = 24) throws -> (error: Float, location: String) {
        let (network, input) = try makeTinyNetwork()
        let batch = tinyBatch(2, input: input, seed: 3)
        network.calibrateBatchNorm(on: batch)
        let parameters = network.parameters
        let spacing = max(1, (parameters.count - 1) / max(parameterTensors - 1, 1))
        let checked = Set(Array(stride(from: 0, to: parameters.count, by: spacing)) + [parameters.count - 1]).sorted()
        // Token ids are not differentiable inputs.
        let samples = input.layout == .tokens ? [] : [batch.samples]
        return GradientCheck.maxError(
            at: samples + checked.map { parameters[$0] }, epsilon: 3e-4, elementsPerInput: 2, skippingKinks: true
        ) { _ in
            let output = batch.run(network)
            let tapMeans = output.taps.map { $0.tensor.flattened(from: 1).mean(alongAxes: [1], keepingDims: true) }
            return Tensor.concatenate([output.logits.flattened(from: 1)] + tapMeans, alongAxis: 1)
        }
    }

    /// Copies the state dict of one tiny network into another built from a different seed, and
    /// checks the copy computes exactly the same outputs (in evaluation mode).
    public func checkStateDictRoundTrip(file: StaticString = #filePath, line: UInt = #line) throws {
        let (source, input) = try makeTinyNetwork(seed: 1)
        let (target, _) = try makeTinyNetwork(seed: 2)
        let paths = source.stateDict().map(\.path)
        XCTAssertEqual(Set(paths).count, paths.count, "duplicate state-dict paths in \(paths)", file: file, line: line)
        XCTAssertEqual(paths, target.stateDict().map(\.path), file: file, line: line)

        let batch = tinyBatch(2, input: input, seed: 4)
        source.eval()
        target.eval()
        let expected = noGrad { batch.run(source).logits }
        XCTAssertNotEqual(noGrad { batch.run(target).logits }.scalars, expected.scalars,
                          "different seeds must give different networks", file: file, line: line)
        try target.load(stateDict: source.stateDict().map { ($0.path, $0.tensor.copy()) })
        XCTAssertEqual(noGrad { batch.run(target).logits }.scalars, expected.scalars, file: file, line: line)
    }

    /// For a ``BranchableNetwork`` (nothing to check otherwise): the head's children exist, the
    /// head run on a detached trunk output trains exactly the head's parameters, and trunk plus head
    /// give the taps and logits of `forward`.
    public func checkBranchableSplit(file: StaticString = #filePath, line: UInt = #line) throws {
        let (built, input) = try makeTinyNetwork()
        guard let network = built as? any BranchableNetwork else { return }
        let name = "\(architecture.name)-\(architecture.tinyVariant)"
        let children = Set(network.namedChildren.map(\.name))
        XCTAssertFalse(network.headChildNames.isEmpty, "\(name): empty head", file: file, line: line)
        XCTAssertTrue(Set(network.headChildNames).isSubset(of: children),
                      "\(name): head \(network.headChildNames) is not among the children \(children.sorted())", file: file, line: line)
        network.eval()
        var generator = SeededGenerator(seed: 6)
        let batch = Tensor.randomNormal([2] + input.shape, using: &generator)
        let whole = network.forward(batch)
        let trunk = network.forwardTrunk(batch)
        let head = network.forwardHead(trunk.output.detached())
        XCTAssertEqual((trunk.features + head.features).map(\.name) + [TapName.logits], whole.taps.names, name, file: file, line: line)
        XCTAssertEqual(head.logits.scalars, whole.logits.scalars, name, file: file, line: line)

        network.zeroGrad()
        head.logits.sum().backward()
        let headPaths = Set(network.headChildren.flatMap { child in
            child.module.namedParameters.map { "\(child.name).\($0.path)" }
        })
        for (path, parameter) in network.namedParameters {
            XCTAssertEqual(parameter.grad != nil, headPaths.contains(path),
                           "\(name): \(path) is \(headPaths.contains(path) ? "" : "not ")in the head's children but "
                               + "\(parameter.grad != nil ? "is" : "is not") used by forwardHead", file: file, line: line)
        }
    }

    /// One SGD step on a random batch: every parameter receives a gradient, and the loss on the
    /// same batch falls by what the gradient predicts for the step taken, within a factor of two
    /// (a gradient of the wrong sign or scale fails). See ``measureOneStep()``.
    public func checkTrainsOneStep(file: StaticString = #filePath, line: UInt = #line) throws {
        let step = try measureOneStep()
        let name = "\(architecture.name)-\(architecture.tinyVariant)"
        for path in step.parametersWithoutGradient {
            XCTFail("\(name): no gradient reaches \(path)", file: file, line: line)
        }
        XCTAssertGreaterThan(step.predictedDecrease, 0, "\(name): SGD did not move the parameters", file: file, line: line)
        XCTAssertTrue((0.5...2).contains(step.decreaseRatio),
                      "\(name): one SGD step changed the loss \(step.before) -> \(step.after), "
                          + "the gradient predicted a decrease of \(step.predictedDecrease)", file: file, line: line)
    }

    /// One SGD step of the tiny network in training mode (dropout off) on a batch of eight.
    ///
    /// The learning rate makes the predicted decrease 0.1% of the loss rather than being fixed:
    /// the tiny mobilenetv2 on 2x8x8 ends on 1x1 maps, where batch normalisation in training mode
    /// sees one value per sample, and its gradient explodes at initialisation (squared norm near
    /// 1e9 on a batch of four). A fixed learning rate of 0.01 then steps far outside the region
    /// the gradient describes, and whether the loss rises or falls is decided by rounding (as
    /// much in Float64 PyTorch as here); a batch of four is degenerate even at 0.1%, eight is not.
    /// The prediction is the gradient dotted with the parameter change SGD actually made, since
    /// Float rounding swallows part of a small step on large parameters.
    public func measureOneStep() throws -> OneStep {
        let (network, input) = try makeTinyNetwork()
        network.trainDeterministically()
        let batch = tinyBatch(8, input: input, seed: 5)
        let loss = { batch.loss(of: batch.run(network)) }
        let before = loss()
        before.backward()
        let parameters = network.parameters
        let missing = network.namedParameters.filter { $0.tensor.grad == nil }.map(\.path)
        let gradients = parameters.map { $0.grad?.scalars ?? [Float](repeating: 0, count: $0.count) }
        let squaredNorm = gradients.joined().reduce(0) { $0 + Double($1) * Double($1) }
        let start = parameters.map(\.scalars)
        let learningRate = squaredNorm > 0 ? Float(1e-3 * Double(before.item) / squaredNorm) : 0
        SGD(parameters: parameters, learningRate: learningRate).step()
        var predicted: Double = 0
        for (parameter, (gradient, old)) in zip(parameters, zip(gradients, start)) {
            for (g, (new, old)) in zip(gradient, zip(parameter.scalars, old)) { predicted += Double(g) * (Double(old) - Double(new)) }
        }
        return OneStep(before: before.item, after: noGrad(loss).item, predictedDecrease: predicted,
                       parametersWithoutGradient: missing)
    }

    /// What ``measureOneStep()`` saw.
    public struct OneStep {
        /// The loss before and after the step.
        public let before: Float, after: Float
        /// The first-order decrease: the gradient dotted with the parameter change.
        public let predictedDecrease: Double
        /// Parameters that received no gradient.
        public let parametersWithoutGradient: [String]

        /// The actual decrease over the predicted one: near 1 when the gradient is right.
        public var decreaseRatio: Double { (Double(before) - Double(after)) / predictedDecrease }
    }
}

extension Module {
    /// Training mode with every dropout layer off, so that two forward passes compute the same function.
    func trainDeterministically() {
        train()
        for case let (_, dropout as Dropout) in namedModules { dropout.isTraining = false }
    }
}

extension Network {
    /// Runs `batch` through in training mode until the batch-norm running statistics have (almost)
    /// converged to its batch statistics, then switches to evaluation mode.
    func calibrateBatchNorm(on batch: ConformanceBatch) {
        trainDeterministically()
        // Momentum 0.1: after 40 passes the running statistics are 98.5% the batch's.
        for _ in 0..<40 { _ = noGrad { batch.run(self) } }
        eval()
    }
}
