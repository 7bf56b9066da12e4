import Foundation
import KDData
import KDDistill
import KDZoo

/// What `kdzoo list` reports: the architectures (sized on some data), the distillation methods
/// and the datasets shipped in the zoo.
struct ZooListing: Encodable {
    struct Architecture: Encodable {
        let name: String
        let aliases: [String]
        let summary: String
        let task: Task
        let variants: [String]
        let defaultVariant: String
        let input: InputSpec
        let classes: Int
        let parameters: Int
        let macs: Int
    }

    struct Method: Encodable {
        let name: String
        let summary: String
    }

    struct Dataset: Encodable {
        /// The path below the zoo's data folder, without `.h5`: `fashion-mnist/fashion-mnist-small`.
        let name: String
        let path: String
        let sample: InputSpec?
        let classes: Int
        let splits: [String]
        /// Why the file could not be read, if it could not.
        let problem: String?
    }

    let architectures: [Architecture]
    let methods: [Method]
    let datasets: [Dataset]

    /// Every architecture of `registry` solving `task` and reading `data` (all when `nil`), each
    /// sized on `data` or its own default data, with `classes` or its own default class count.
    static func architectures(in registry: Registry, task: Task?, data: InputSpec?, classes: Int?) throws -> [Architecture] {
        try registry.architectures(task: task, reading: data).map { architecture in
            let sized = try ModelSizing(ModelSpec(defaultOf: architecture), data: data ?? architecture.defaultInput,
                                        classes: classes ?? architecture.defaultClasses)
            return Architecture(name: architecture.name, aliases: architecture.aliases, summary: architecture.summary,
                                task: architecture.task, variants: architecture.variants, defaultVariant: architecture.defaultVariant,
                                input: sized.profile.input, classes: sized.classes, parameters: sized.profile.parameters,
                                macs: sized.profile.macs)
        }
    }

    static var methods: [Method] {
        MethodCatalog.entries.map { Method(name: $0.name, summary: $0.summary) }
    }

    /// Every `.h5` dataset below the zoo's data folder, in path order.
    static var datasets: [Dataset] {
        let folder = ZooLocation.data.standardizedFileURL
        let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?
            .compactMap { ($0 as? URL)?.standardizedFileURL }
            .filter { $0.pathExtension == "h5" }
            .sorted { $0.path < $1.path } ?? []
        return files.map { file in
            let name = String(file.deletingPathExtension().path.dropFirst(folder.path.count + 1))
            do {
                let dataset = try DatasetFile(contentsOf: file.path)
                return Dataset(name: name, path: file.path, sample: try InputSpec(sampleOf: dataset),
                               classes: dataset.classes.count, splits: dataset.splits, problem: nil)
            } catch {
                return Dataset(name: name, path: file.path, sample: nil, classes: 0, splits: [], problem: "\(error)")
            }
        }
    }
}
