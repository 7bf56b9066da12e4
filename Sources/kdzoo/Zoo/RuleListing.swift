import ArgumentParser
import KDDistill
import KDZoo

/// What `info --rules` prints: a fitted tree's if/else rules, under a line saying what they read.
struct RuleListing: Encodable {
    let model: String
    let structure: String
    let input: String
    let rules: [String]

    init(_ saved: SavedModel, file: String) throws {
        guard let tree = saved.network as? any RuleDescribing else {
            throw ValidationError("\(file) holds \(saved.spec), which has no rules; --rules prints decision trees (tree-depth-N)")
        }
        model = saved.spec.name
        structure = tree.structureSummary
        input = saved.input.description
        rules = tree.rules(input: saved.input, classNames: saved.classes)
    }

    var text: String {
        (["\(model): \(structure); reads a \(input) input (thresholds after the dataset's normalisation)", ""] + rules)
            .joined(separator: "\n")
    }
}
