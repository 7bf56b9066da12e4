// swift-tools-version:6.0
import Foundation
import PackageDescription

// The kdzoo package: the `kdzoo` CLI and the libraries behind it.
// Module boundaries follow DESIGN.md; dependencies point one way:
// KDTensor <- KDLayers <- KDData/KDZoo <- KDDistill <- kdzoo; plugins use KDLayers + KDZoo.

/// Swift 5 language mode: the numeric kernels hand raw buffers to worker threads,
/// which strict concurrency checking cannot express without boilerplate on every loop.
let languageMode: [SwiftLanguageMode] = [.v5]
/// Release builds compile for the CPU they are built on (AVX2 and FMA on today's x86-64, as
/// llama.cpp and `-march=native` builds do): the element-wise, depthwise and Winograd loops run
/// twice as wide: 5-20% less CPU per batch (`kdzoo bench`, CPU ms/batch) on resnet20,
/// lstm-2x256 and mobilenetv2-0.5. A binary meant for other machines is built with
/// `KDZOO_PORTABLE=1 swift build -c release`.
let targetCPU = Context.environment["KDZOO_PORTABLE"] == nil ? ["-target-cpu", "native"] : []
/// Release builds drop bounds checks in the numeric modules; debug builds keep them.
let optimise: [SwiftSetting] = [.unsafeFlags(["-Ounchecked", "-wmo"] + targetCPU, .when(configuration: .release))]
/// The tensor and layer kernels are optimised in debug builds too (`-O` keeps bounds checks):
/// the test suite spends most of its time in them.
let optimiseCore: [SwiftSetting] = optimise + [.unsafeFlags(["-O"], .when(configuration: .debug))]

func system(_ name: String, _ pkgConfig: String, apt: String) -> Target {
    .systemLibrary(name: name, pkgConfig: pkgConfig, providers: [.apt([apt])])
}

// MARK: System libraries

let systemLibraries: [Target] = [
    system("CBLAS", "openblas", apt: "libopenblas-dev"),
    system("CHDF5", "hdf5", apt: "libhdf5-dev"),
    system("CSndFile", "sndfile", apt: "libsndfile1-dev"),
    system("CFFTW", "fftw3f", apt: "libfftw3-dev"),
    system("CSampleRate", "samplerate", apt: "libsamplerate0-dev"),
    system("CZlib", "zlib", apt: "zlib1g-dev"),
    .target(name: "CHDF5Shim", dependencies: ["CHDF5"]),
]

// MARK: Core: tensors, layers

let core: [Target] = [
    .target(name: "KDTensor", dependencies: ["CBLAS"], swiftSettings: optimiseCore),
    .target(name: "KDLayers", dependencies: ["KDTensor"], swiftSettings: optimiseCore),
    .target(name: "KDTestSupport", dependencies: ["KDTensor", "KDLayers"]),
    .testTarget(name: "KDTensorTests", dependencies: ["KDTensor", "KDTestSupport"]),
    .testTarget(name: "KDLayersTests", dependencies: ["KDLayers", "KDTestSupport"]),
]

// MARK: Data: HDF5, datasets, importers, audio

let data: [Target] = [
    .target(
        name: "KDData",
        dependencies: ["KDTensor", "KDLayers", "CHDF5", "CHDF5Shim", "CSndFile", "CFFTW", "CSampleRate", "CZlib"],
        swiftSettings: optimise
    ),
    .testTarget(name: "KDDataTests", dependencies: ["KDData", "KDTensor", "KDLayers", "KDTestSupport", "CZlib"],
                resources: [.copy("Fixtures")]),
    .testTarget(name: "KDAudioTests", dependencies: ["KDData", "CSndFile"], exclude: ["Fixtures"]),
]

// MARK: Zoo: plugin protocol, registry

let zoo: [Target] = [
    .target(name: "KDZoo", dependencies: ["KDTensor", "KDLayers"], swiftSettings: optimise),
    .target(name: "KDZooTestSupport", dependencies: ["KDZoo", "KDLayers", "KDTestSupport"]),
    .testTarget(name: "KDZooTests", dependencies: ["KDZoo"]),
]

// MARK: Architecture plugins (one folder under Plugins/ each)

/// Every architecture plugin, one line each: the library `<Name>Plugin` in `Plugins/<Name>`, plus
/// the test target `<Name>PluginTests` when the folder `Tests/<Name>PluginTests` exists (SwiftPM caches
/// the evaluated manifest: after adding that folder, build once with `--manifest-cache none`).
/// The catalog (`Sources/KDZooCatalog`) depends on all of them and registers each in one line.
let architecturePlugins = [
    "CNN",
    "MLP",
    "ResNet",
    "WRN",
    "MobileNetV2",
    "DenseNet",
    "DecisionTree",
    "LSTM",
    "Seq2Seq",
]

func pluginTargets(_ name: String) -> [Target] {
    let library = Target.target(name: "\(name)Plugin", dependencies: ["KDTensor", "KDLayers", "KDZoo"],
                                path: "Plugins/\(name)", swiftSettings: optimise)
    let testFolder = "Tests/\(name)PluginTests"
    guard FileManager.default.fileExists(atPath: "\(Context.packageDirectory)/\(testFolder)") else { return [library] }
    let tests = Target.testTarget(name: "\(name)PluginTests",
                                  dependencies: [.target(name: "\(name)Plugin"), "KDZooTestSupport", "KDZoo", "KDLayers", "KDTensor"])
    return [library, tests]
}

let plugins: [Target] = architecturePlugins.flatMap(pluginTargets) + [
    .target(name: "KDZooCatalog", dependencies: ["KDZoo"] + architecturePlugins.map { .target(name: "\($0)Plugin") }),
    .testTarget(name: "KDZooCatalogTests", dependencies: ["KDZooCatalog", "KDZooTestSupport"]),
    // Distillation into and from decision trees through KDDistill, end to end.
    .testTarget(name: "DecisionTreeDistillationTests",
                dependencies: ["DecisionTreePlugin", "KDDistill", "KDData", "KDZoo", "KDLayers", "KDTensor", "KDTestSupport"]),
    // LSTM and seq2seq models trained and distilled through KDDistill (word-kd, seq-kd, metrics), end to end.
    .testTarget(name: "SequenceDistillationTests",
                dependencies: ["KDZooCatalog", "LSTMPlugin", "Seq2SeqPlugin", "KDDistill", "KDData", "KDZoo", "KDLayers", "KDTensor"]),
]

// MARK: Distillation

let distill: [Target] = [
    .target(name: "KDDistill", dependencies: ["KDTensor", "KDLayers", "KDData", "KDZoo"], swiftSettings: optimise),
    .testTarget(name: "KDDistillTests", dependencies: ["KDDistill", "KDTestSupport"]),
]

// MARK: Command-line tool

let cli: [Target] = [
    .executableTarget(
        name: "kdzoo",
        dependencies: [
            "KDTensor",
            "KDData",
            "KDZoo",
            "KDZooCatalog",
            "KDDistill",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Yams", package: "Yams"),
        ],
        swiftSettings: optimise
    ),
    // Runs the built executable end to end; `swift build --build-tests` builds it first.
    .testTarget(name: "kdzooCLITests", dependencies: ["KDData", "KDTensor"]),
]

let package = Package(
    name: "kdzoo",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "kdzoo", targets: ["kdzoo"]),
        .library(name: "KDTensor", targets: ["KDTensor"]),
        .library(name: "KDLayers", targets: ["KDLayers"]),
        .library(name: "KDZoo", targets: ["KDZoo", "KDZooCatalog"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: systemLibraries + core + data + zoo + plugins + distill + cli,
    swiftLanguageModes: languageMode
)
