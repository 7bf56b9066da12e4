// swift-tools-version:6.0
import PackageDescription

// The kdzoo package: one library product (`KDZoo`) and the `kdzoo` CLI.
// Module boundaries follow DESIGN.md; dependencies point one way:
// KDTensor <- KDLayers <- KDData/KDZoo <- KDDistill <- kdzoo.

/// Swift 5 language mode: the numeric kernels hand raw buffers to worker threads,
/// which strict concurrency checking cannot express without boilerplate on every loop.
let languageMode: [SwiftLanguageMode] = [.v5]
let optimise: [SwiftSetting] = [.unsafeFlags(["-Ounchecked", "-wmo"], .when(configuration: .release))]

func system(_ name: String, _ pkgConfig: String, apt: String) -> Target {
    .systemLibrary(name: name, pkgConfig: pkgConfig, providers: [.apt([apt])])
}

var targets: [Target] = [
    system("CBLAS", "openblas", apt: "libopenblas-dev"),
    system("CHDF5", "hdf5", apt: "libhdf5-dev"),
    system("CSndFile", "sndfile", apt: "libsndfile1-dev"),
    system("CFFTW", "fftw3f", apt: "libfftw3-dev"),
    system("CSampleRate", "samplerate", apt: "libsamplerate0-dev"),
    system("CZlib", "zlib", apt: "zlib1g-dev"),
    .target(name: "CHDF5Shim", dependencies: ["CHDF5"]),

    .target(name: "KDTensor", dependencies: ["CBLAS"], swiftSettings: optimise),
    .target(name: "KDTestSupport", dependencies: ["KDTensor"]),

    .testTarget(name: "KDTensorTests", dependencies: ["KDTensor", "KDTestSupport"]),
]

let package = Package(
    name: "kdzoo",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "KDTensor", targets: ["KDTensor"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: targets,
    swiftLanguageModes: languageMode
)
