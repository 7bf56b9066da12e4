import Foundation

/// One audio file to import, with its label and, when the manifest gives one, its split.
public struct AudioImportEntry: Equatable, Sendable {
    /// The path below the imported folder, `/`-separated; datasets record files by it.
    public let relativePath: String
    public let url: URL
    /// The class name, or the transcript for token targets.
    public let label: String
    /// `train` or `test` from a manifest's `split` column.
    public let split: String?

    /// Lists and labels the audio files below `root`: those a manifest names, in its order, or
    /// else every audio file, sorted by relative path.
    ///
    /// Without a manifest, files are found by extension (those libsndfile reads: wav, flac,
    /// ogg, ...); other files (READMEs, licences, lists) are ignored. A file that gets no label
    /// is returned in `unlabelled` rather than failing, so the importer can apply `--skip-bad`.
    /// - Throws: ``AudioImportError`` or ``DataFileError`` when the folder or manifest is unusable.
    public static func list(in root: URL, labels: AudioLabelSource) throws
        -> (entries: [AudioImportEntry], unlabelled: [AudioFileError]) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw AudioImportError("\(root.path) is not a folder")
        }
        if case .manifest(let manifest) = labels { return (try fromManifest(manifest, root: root), []) }

        let regex = try labels.filenameRegex
        var entries: [AudioImportEntry] = []
        var unlabelled: [AudioFileError] = []
        for relativePath in try audioFiles(below: root) {
            let url = root.appendingPathComponent(relativePath)
            let components = relativePath.split(separator: "/")
            let label: String?
            if let regex {
                label = match(regex, in: String(components.last!))
            } else {
                label = components.count > 1 ? String(components[0]) : nil
            }
            if let label, !label.isEmpty {
                entries.append(AudioImportEntry(relativePath: relativePath, url: url, label: label, split: nil))
            } else {
                let why = regex == nil ? "it is not in a class subfolder" : "its name does not match the label pattern"
                unlabelled.append(AudioFileError(path: url.path, reason: .unlabelled(why)))
            }
        }
        guard !entries.isEmpty || !unlabelled.isEmpty else {
            throw AudioImportError("\(root.path) holds no audio files (\(audioExtensions.sorted().joined(separator: ", ")))")
        }
        return (entries, unlabelled)
    }

    /// Extensions of the containers libsndfile reads.
    public static let audioExtensions: Set<String> = ["wav", "wave", "flac", "ogg", "oga", "opus", "aif", "aiff", "aifc",
                                                      "au", "snd", "w64", "caf", "mp3"]

    private static func audioFiles(below root: URL) throws -> [String] {
        let rootPath = root.standardizedFileURL.path
        guard let enumerator = FileManager.default.enumerator(atPath: rootPath) else {
            throw AudioImportError("cannot list \(root.path)")
        }
        var paths: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") { continue }
            guard audioExtensions.contains((name as NSString).pathExtension.lowercased()) else { continue }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: rootPath + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue {
                paths.append(relative)
            }
        }
        return paths.sorted()
    }

    private static func match(_ regex: NSRegularExpression, in name: String) -> String? {
        let range = NSRange(name.startIndex..., in: name)
        guard let result = regex.firstMatch(in: name, range: range) else { return nil }
        let group = result.numberOfRanges > 1 ? result.range(at: 1) : result.range
        return Range(group, in: name).map { String(name[$0]) }
    }

    private static func fromManifest(_ manifest: URL, root: URL) throws -> [AudioImportEntry] {
        let table = try CSVTable(contentsOf: manifest)
        let pathColumn = try table.requireColumn("path")
        let labelColumn = try table.requireColumn("label")
        let splitColumn = table.column("split")
        return try table.rows.map { row in
            let relativePath = row.fields[pathColumn].trimmingCharacters(in: .whitespaces)
            let label = row.fields[labelColumn].trimmingCharacters(in: .whitespaces)
            guard !relativePath.isEmpty, !label.isEmpty else {
                throw DataFileError(file: manifest.path, "line \(row.line): empty path or label")
            }
            var split: String? = nil
            if let splitColumn {
                split = row.fields[splitColumn].trimmingCharacters(in: .whitespaces).lowercased()
                guard split == "train" || split == "test" else {
                    throw DataFileError(file: manifest.path, "line \(row.line): split '\(split!)' is neither train nor test")
                }
            }
            return AudioImportEntry(relativePath: relativePath, url: root.appendingPathComponent(relativePath),
                                    label: label, split: split)
        }
    }
}

extension AudioLabelSource {
    var filenameRegex: NSRegularExpression? {
        get throws {
            guard case .filenamePattern(let pattern) = self else { return nil }
            do { return try NSRegularExpression(pattern: pattern) } catch {
                throw AudioImportError("--labels: '\(pattern)' is not a valid regular expression")
            }
        }
    }
}
