import CNNPlugin
import DecisionTreePlugin
import DenseNetPlugin
import KDZoo
import LSTMPlugin
import MLPPlugin
import MobileNetV2Plugin
import ResNetPlugin
import Seq2SeqPlugin
import WRNPlugin

/// The architecture plugins of this build. Registering a plugin is one line in `architectures`
/// (and its target in Package.swift's `architecturePlugins`); see README.md, "Writing an
/// architecture plugin".
public enum Catalog {
    /// Every plugin, in the order `kdzoo list` shows them.
    public static let architectures: [any Architecture] = [
        CNNArchitecture(),
        MLPArchitecture(),
        ResNetArchitecture(),
        WRNArchitecture(),
        MobileNetV2Architecture(),
        DenseNetArchitecture(),
        DecisionTreeArchitecture(),
        LSTMArchitecture(),
        Seq2SeqArchitecture(),
    ]

    /// A registry of every plugin; throws if two plugins claim the same name.
    public static func makeRegistry() throws -> Registry {
        try Registry(architectures)
    }
}
