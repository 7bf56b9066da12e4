import Foundation

/// Where the zoo's shipped files live (`zoo/models`, `zoo/data`, `zoo/recipes`): `$KDZOO_HOME`
/// when set, else `./zoo`, else the `zoo` folder of the checkout the executable was built in.
enum ZooLocation {
    static var root: URL {
        if let home = ProcessInfo.processInfo.environment["KDZOO_HOME"], !home.isEmpty {
            return URL(fileURLWithPath: home)
        }
        let local = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("zoo")
        if FileManager.default.fileExists(atPath: local.path) { return local }
        // .build/<triple>/<configuration>/kdzoo -> the checkout's zoo/
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            let candidate = folder.appendingPathComponent("zoo")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("models").path) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return local
    }

    static var models: URL { root.appendingPathComponent("models") }
    static var data: URL { root.appendingPathComponent("data") }

    /// The dataset used when none is named: the embedded Fashion-MNIST subset.
    static var defaultDataset: String { data.appendingPathComponent("fashion-mnist/fashion-mnist-small.h5").path }
}
