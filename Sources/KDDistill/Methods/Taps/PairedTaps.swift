import KDTensor
import KDZoo

/// A feature or relation method that compares tap pairs: it holds them in ``pairedTaps`` and
/// gets ``DistillationMethod/teacherTaps`` and ``DistillationMethod/prepare(student:teacher:setup:)``
/// (which resolves the pairs) from here.
public protocol TapPairedMethod: DistillationMethod {
    var pairedTaps: PairedTaps { get }
}

extension TapPairedMethod {
    /// How the method chooses its taps.
    public var selection: TapSelection { pairedTaps.selection }
    public var teacherTaps: [String] { pairedTaps.teacherTaps }

    public func prepare(student: NetworkOutput, teacher: NetworkOutput, setup: MethodSetup) throws {
        try pairedTaps.resolve(student: student, teacher: teacher, method: name)
    }
}

/// The tap pairs a feature or relation method compares: chosen by a ``TapSelection``, resolved
/// once from the probe outputs, and each contributing one term to the method's loss.
public final class PairedTaps {
    public let selection: TapSelection
    /// Whether both taps of a pair must be NCHW maps (attention, selectivity).
    let requiresMaps: Bool
    /// The pairs, once resolved against real outputs.
    public private(set) var pairs: [TapPair]?

    init(_ selection: TapSelection, requiresMaps: Bool = false) {
        self.selection = selection
        self.requiresMaps = requiresMaps
    }

    /// The teacher taps read: the resolved ones, or those the selection names before that.
    public var teacherTaps: [String] {
        if let pairs { return pairs.map(\.teacher) }
        switch selection {
        case .pairs(let pairs): return pairs.map(\.teacher)
        case .embedding: return [TapName.embedding]
        case .allStages, .middleStage, .lastStage: return []
        }
    }

    /// Resolves and checks the pairs against real outputs; the error names the method and tap.
    func resolve(student: NetworkOutput, teacher: NetworkOutput, method: String) throws {
        let pairs = try selection.pairs(student: student, teacher: teacher, method: method)
        if requiresMaps {
            for pair in pairs {
                let (s, t) = (student.taps[pair.student]!, teacher.taps[pair.teacher]!)
                guard s.rank == 4, t.rank == 4 else {
                    throw TrainingError.invalidConfiguration(
                        "\(method): needs NCHW feature maps; tap pair \(pair) is \(Shape.describe(s.shape)) and \(Shape.describe(t.shape))")
                }
            }
        }
        self.pairs = pairs
    }

    /// `term(studentTap, teacherTap)` summed over the pairs. Without a prior ``resolve``
    /// (a method called directly in code) the pairs are resolved here; a missing tap is then a
    /// programming error.
    func sum(student: NetworkOutput, teacher: NetworkOutput, method: String, _ term: (Tensor, Tensor) -> Tensor) -> Tensor {
        if pairs == nil {
            do { try resolve(student: student, teacher: teacher, method: method) } catch { preconditionFailure("\(error)") }
        }
        let terms = pairs!.map { term(student.taps[$0.student]!, teacher.taps[$0.teacher]!) }
        return terms.dropFirst().reduce(terms[0], +)
    }
}
