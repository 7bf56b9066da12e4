import Foundation

/// Hyper-parameters of the distillation methods, from flags or a recipe; `nil` means the
/// method's own default (from its paper).
public struct MethodOptions: Sendable {
    public var temperature: Float?
    public var alpha: Float?

    public init(temperature: Float? = nil, alpha: Float? = nil) {
        self.temperature = temperature
        self.alpha = alpha
    }
}

/// The distillation methods this build knows, by `--method` name.
public enum MethodCatalog {
    /// One entry per method: its name, a one-line summary and how to build it.
    public struct Entry: Sendable {
        public let name: String
        public let summary: String
        let make: @Sendable (MethodOptions) -> DistillationMethod
    }

    public static let entries: [Entry] = [
        Entry(name: "kd", summary: "Hinton et al. 2015: match the teacher's softened class probabilities (T=4, alpha=0.9)") {
            HintonDistillation(temperature: $0.temperature ?? 4, weight: $0.alpha ?? 0.9)
        },
    ]

    /// The methods of a `--method` value: one name, or several joined by `+` (`kd+at`), whose
    /// weighted losses are summed.
    public static func methods(_ text: String, options: MethodOptions) throws -> [DistillationMethod] {
        let names = text.lowercased().split(separator: "+").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !names.isEmpty, names.allSatisfy({ !$0.isEmpty }) else {
            throw TrainingError.invalidConfiguration("method: '\(text)' names no method; known: \(entries.map(\.name).joined(separator: ", "))")
        }
        guard Set(names).count == names.count else {
            throw TrainingError.invalidConfiguration("method: '\(text)' names a method twice")
        }
        return try names.map { name in
            guard let entry = entries.first(where: { $0.name == name }) else {
                throw TrainingError.invalidConfiguration("method: unknown method '\(name)'; known: \(entries.map(\.name).joined(separator: ", "))")
            }
            return entry.make(options)
        }
    }
}
