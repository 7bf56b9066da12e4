/// Errors from the registry and the plugins. Each `description` is one line naming what is at fault.
public enum ZooError: Error, Equatable, CustomStringConvertible {
    /// An input shape that cannot be parsed or is malformed.
    case invalidInput(String)
    /// An architecture that cannot read an input.
    case unsupportedInput(architecture: String, input: InputSpec, reason: String)
    /// A name that matches no registered architecture; `suggestions` are the closest names.
    case unknownArchitecture(name: String, suggestions: [String])
    /// A variant the architecture does not have.
    case unknownVariant(architecture: String, variant: String, known: [String])
    /// A class count below 1.
    case invalidClassCount(Int)
    /// A plugin whose name or alias is already taken, or whose declaration is inconsistent.
    case invalidRegistration(name: String, reason: String)
    /// A teacher/student/data combination that cannot be distilled; `compatibleStudents` lists
    /// the registered architectures the teacher could be distilled into instead.
    case incompatible(reason: String, compatibleStudents: [String])

    public var description: String {
        switch self {
        case .invalidInput(let message):
            return message
        case let .unsupportedInput(architecture, input, reason):
            return "\(architecture) cannot read a \(input) input: \(reason)"
        case let .unknownArchitecture(name, suggestions):
            let hint = suggestions.isEmpty ? "see `kdzoo list`" : "did you mean \(suggestions.joined(separator: ", "))?"
            return "unknown architecture '\(name)'; \(hint)"
        case let .unknownVariant(architecture, variant, known):
            return "\(architecture) has no variant '\(variant)'; known variants: \(known.joined(separator: ", "))"
        case .invalidClassCount(let classes):
            return "the class count must be at least 1, got \(classes)"
        case let .invalidRegistration(name, reason):
            return "cannot register architecture '\(name)': \(reason)"
        case let .incompatible(reason, compatibleStudents):
            guard !compatibleStudents.isEmpty else { return "\(reason); no registered student fits this data" }
            return "\(reason); compatible students: \(compatibleStudents.joined(separator: ", "))"
        }
    }
}
