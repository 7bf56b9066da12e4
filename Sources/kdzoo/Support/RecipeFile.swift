import Foundation
import KDDistill
import Yams

/// Reads a recipe (YAML) whose keys are the command-line flags' names (`learning-rate: 0.05`).
enum RecipeFile {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static let knownKeys = Set<String>([
        "arch", "teacher", "teachers", "student", "method", "dataset", "baseline", "ce-weight", "teacher-weights",
        "teacher-weighting", "metric-alpha",
        "epochs", "batch-size", "optimizer", "learning-rate", "momentum", "nesterov", "weight-decay", "schedule",
        "step-size", "milestones", "gamma", "warmup-epochs", "clip-norm", "augment", "seed", "label-smoothing",
    ]).union(MethodFlags.recipeKeys)

    static func load(_ path: String) throws -> Recipe {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw Failure(description: "\(path): cannot read the recipe")
        }
        let parsed: Any?
        do { parsed = try Yams.load(yaml: text) } catch {
            throw Failure(description: "\(path): not valid YAML (\(String(describing: error).split(separator: "\n").first ?? ""))")
        }
        guard let mapping = parsed as? [String: Any] else {
            throw Failure(description: "\(path): a recipe is a mapping of option names to values")
        }
        if let unknown = mapping.keys.sorted().first(where: { !knownKeys.contains($0) }) {
            throw Failure(description: "\(path): unknown key '\(unknown)'; recipe keys are the long flag names: \(knownKeys.sorted().joined(separator: ", "))")
        }
        let camelCased = Dictionary(uniqueKeysWithValues: mapping.map { (camelCase($0.key), $0.value) })
        do {
            let json = try JSONSerialization.data(withJSONObject: camelCased)
            return try JSONDecoder().decode(Recipe.self, from: json)
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.dataCorrupted(context) {
            let key = context.codingPath.last.map { kebabCase($0.stringValue) } ?? "?"
            throw Failure(description: "\(path): key '\(key)' has a value of the wrong type (\(context.debugDescription))")
        }
    }

    static func camelCase(_ key: String) -> String {
        let parts = key.split(separator: "-")
        return parts.enumerated().map { $0.offset == 0 ? String($0.element) : $0.element.capitalized }.joined()
    }

    static func kebabCase(_ key: String) -> String {
        key.reduce(into: "") { result, character in
            if character.isUppercase { result += "-" + character.lowercased() } else { result.append(character) }
        }
    }
}
