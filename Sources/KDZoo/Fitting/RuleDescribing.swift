/// A network whose decisions read as if/else rules over input features (a decision tree).
public protocol RuleDescribing: Network {
    /// The rules, one line each, indented by depth. Features are named by their index in the
    /// flattened sample and, for images and sequences, by their position (`c0 y3 x5`, `t12 f3`)
    /// in `input`; leaves name the most likely class from `classNames` and its probability.
    func rules(input: InputSpec, classNames: [String]) -> [String]

    /// The size of the rule set in a few words, e.g. `417 nodes, 209 leaves, depth 8`.
    var structureSummary: String { get }
}
