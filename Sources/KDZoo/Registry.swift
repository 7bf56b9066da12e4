/// The architectures a build knows, looked up by name, alias or `name-variant`.
///
/// A registry is a value: the catalog (`KDZooCatalog`) provides the one with every plugin of
/// the build, and tests copy it and register more.
public struct Registry: Sendable {
    /// Registered architectures in registration order.
    public private(set) var architectures: [any Architecture] = []
    /// Every accepted name and alias (lowercase) and the index of its architecture.
    private var indexByName: [String: Int] = [:]

    /// An empty registry.
    public init() {}

    /// A registry holding `architectures`, registered in order.
    public init(_ architectures: [any Architecture]) throws {
        for architecture in architectures { try register(architecture) }
    }

    /// Adds `architecture`. Refuses a name or alias already taken and a declaration whose
    /// names or variants are malformed, so that every lookup stays unambiguous.
    public mutating func register(_ architecture: any Architecture) throws {
        let names = [architecture.name] + architecture.aliases
        for name in names {
            if let problem = Self.problem(withName: name) {
                throw ZooError.invalidRegistration(name: architecture.name, reason: problem)
            }
            if let owner = indexByName[name] {
                throw ZooError.invalidRegistration(
                    name: architecture.name, reason: "the name '\(name)' is already registered by \(architectures[owner].name)")
            }
        }
        guard Set(names).count == names.count else {
            throw ZooError.invalidRegistration(name: architecture.name, reason: "its aliases repeat a name")
        }
        guard !architecture.variants.isEmpty else {
            throw ZooError.invalidRegistration(name: architecture.name, reason: "it lists no variants")
        }
        for variant in architecture.variants + [architecture.defaultVariant, architecture.tinyVariant]
        where architecture.canonicalVariant(variant) != variant {
            throw ZooError.invalidRegistration(
                name: architecture.name, reason: "its variant '\(variant)' is not valid in its own canonical spelling")
        }
        for name in names { indexByName[name] = architectures.count }
        architectures.append(architecture)
    }

    /// Names are lowercase letters, digits and dots: `-` separates the variant in `name-variant`.
    private static func problem(withName name: String) -> String? {
        let allowed = name.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "." }
        return !name.isEmpty && allowed && name.first!.isLetter
            ? nil : "the name '\(name)' must start with a letter and hold only lowercase letters, digits and dots"
    }

    /// The architecture registered under `name` or an alias of it (case-insensitive).
    public func architecture(named name: String) throws -> any Architecture {
        guard let index = indexByName[name.lowercased()] else {
            throw ZooError.unknownArchitecture(name: name, suggestions: suggestions(for: name))
        }
        return architectures[index]
    }

    /// The network a user names: `wrn` (the default variant), `wrn-40-2`, `wrn_40_2`, `resnet56`,
    /// `mobilenet-0.5` (through an alias). Case-insensitive.
    public func resolve(_ text: String) throws -> ModelSpec {
        let wanted = text.lowercased().replacingOccurrences(of: "_", with: "-")
        if let index = indexByName[wanted] {
            return try ModelSpec(defaultOf: architectures[index])
        }
        // The longest registered name that prefixes `wanted` and leaves a valid variant wins.
        var misses: [(architecture: any Architecture, variant: String, separated: Bool)] = []
        let longestFirst = indexByName.sorted { ($0.key.count, $1.key) > ($1.key.count, $0.key) }
        for (name, index) in longestFirst where wanted.hasPrefix(name) {
            let rest = wanted.dropFirst(name.count)
            let variant = String(rest.first == "-" ? rest.dropFirst() : rest)
            guard !variant.isEmpty else { continue }
            if let spec = try? ModelSpec(architectures[index], variant: variant) { return spec }
            misses.append((architectures[index], variant, rest.first == "-"))
        }
        // `wrn-9-9` names wrn and a bad variant; `resnet57` too, unless it is one typo away from a
        // registered spelling (`mobilenet2-0.5`); `wrnn` is a typo of a name.
        let nearest = suggestions(for: text)
        let typo = nearest.first.map { NameMatching.editDistance(wanted, $0) <= 1 } ?? false
        if let miss = misses.first(where: { $0.separated || (!typo && $0.variant.first!.isNumber) }) {
            throw ZooError.unknownVariant(architecture: miss.architecture.name, variant: miss.variant,
                                          known: miss.architecture.variants)
        }
        throw ZooError.unknownArchitecture(name: text, suggestions: nearest)
    }

    /// The registered architectures, optionally only those solving `task` and able to read
    /// `data` in one of its presentations.
    public func architectures(task: Task? = nil, reading data: InputSpec? = nil) -> [any Architecture] {
        architectures.filter { architecture in
            (task.map { architecture.task == $0 } ?? true)
                && (data.map { architecture.presentation(of: $0) != nil } ?? true)
        }
    }

    /// Up to three registered spellings (names, aliases, `name-variant`) closest to `text`.
    public func suggestions(for text: String) -> [String] {
        let candidates = architectures.flatMap { architecture in
            [architecture.name] + architecture.aliases + architecture.variants.map { "\(architecture.name)-\($0)" }
        }
        return NameMatching.closest(to: text.lowercased(), among: candidates, limit: 3)
    }
}
