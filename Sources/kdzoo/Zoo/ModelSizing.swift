import KDLayers
import KDZoo

/// A zoo network built for some data and profiled: what `list` and `info` print.
struct ModelSizing {
    let spec: ModelSpec
    let classes: Int
    let profile: NetworkProfile

    /// Builds `spec` for `data` as the architecture reads it (a one-channel image may become a
    /// sequence, any image a flat vector for an MLP) and profiles it.
    init(_ spec: ModelSpec, data: InputSpec, classes: Int) throws {
        guard let input = spec.architecture.presentation(of: data) else {
            try spec.architecture.validate(data)
            throw ZooError.unsupportedInput(architecture: spec.name, input: data, reason: "no presentation of it fits")
        }
        let network = try withRandomSeed(0) { try spec.makeNetwork(input: input, classes: classes) }
        self.init(spec, network: network, input: input, classes: classes)
    }

    /// Profiles an already built (e.g. loaded) network.
    init(_ spec: ModelSpec, network: any Network, input: InputSpec, classes: Int) {
        self.spec = spec
        self.classes = classes
        profile = NetworkProfile(profiling: network, input: input)
    }
}
