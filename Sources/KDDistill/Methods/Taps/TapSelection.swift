import KDZoo

/// One student tap compared with one teacher tap.
public struct TapPair: Equatable, Sendable, CustomStringConvertible {
    public var student: String
    public var teacher: String

    public init(student: String, teacher: String) {
        self.student = student
        self.teacher = teacher
    }

    public var description: String { student == teacher ? student : "\(student):\(teacher)" }
}

/// Which taps a feature or relation method compares: named on the command line (`--hint
/// stage2`, `--taps stage1,stage2:stage3`) or chosen by the method's default rule.
///
/// Networks of different families have different numbers of stages (WRN 3, MobileNetV2 4);
/// the stage rules pair the student's last `k` stages with the teacher's last `k`,
/// `k = min(count)`, so that the deepest features meet.
public enum TapSelection: Equatable, Sendable {
    /// Explicit pairs.
    case pairs([TapPair])
    /// Every stage the two networks can pair (AT, NST).
    case allStages
    /// The middle pair of ``allStages`` (FitNet's hint: `stage2` of three).
    case middleStage
    /// The last stages (SP).
    case lastStage
    /// The pooled embeddings (RKD, PKT, CRD).
    case embedding

    /// Parses a comma-separated list of `tap` (the same name on both sides) or
    /// `studentTap:teacherTap`; `option` names the flag in the error.
    public static func parse(_ text: String, option: String) throws -> TapSelection {
        let items = text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let pairs = try items.map { item -> TapPair in
            let sides = item.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            guard (1...2).contains(sides.count), sides.allSatisfy({ !$0.isEmpty }) else {
                throw TrainingError.invalidConfiguration(
                    "\(option): '\(text)' should list taps as NAME or STUDENT:TEACHER, separated by commas (e.g. stage2 or stage3:stage2)")
            }
            return TapPair(student: sides[0], teacher: sides.last!)
        }
        return .pairs(pairs)
    }

    /// The pairs for these outputs. Throws when a named tap is missing or a rule finds nothing
    /// to pair; the message names the method, the tap and the taps that exist.
    public func pairs(student: NetworkOutput, teacher: NetworkOutput, method: String) throws -> [TapPair] {
        let stagePairs = {
            let (s, t) = (student.taps.stages.map(\.name), teacher.taps.stages.map(\.name))
            let k = min(s.count, t.count)
            return zip(s.suffix(k), t.suffix(k)).map { TapPair(student: $0, teacher: $1) }
        }
        let pairs: [TapPair]
        switch self {
        case .pairs(let explicit): pairs = explicit
        case .allStages: pairs = stagePairs()
        case .middleStage: pairs = stagePairs().isEmpty ? [] : [stagePairs()[(stagePairs().count - 1) / 2]]
        case .lastStage: pairs = stagePairs().suffix(1)
        case .embedding: pairs = [TapPair(student: TapName.embedding, teacher: TapName.embedding)]
        }
        guard !pairs.isEmpty else {
            throw TrainingError.invalidConfiguration(
                "\(method): the student (\(student.taps.names.joined(separator: ", "))) and the teacher (\(teacher.taps.names.joined(separator: ", "))) have no stage taps to pair; name taps with the method's tap option")
        }
        for pair in pairs {
            for (role, output, name) in [("student", student, pair.student), ("teacher", teacher, pair.teacher)]
            where output.taps[name] == nil {
                throw TrainingError.invalidConfiguration(
                    "\(method): the \(role) has no feature tap '\(name)' (it has \(output.taps.names.joined(separator: ", ")))")
            }
        }
        return pairs
    }
}
