import KDTensor

/// A model's weights on disk: group `state_dict` with one float32 dataset per parameter
/// or buffer, named by its module path (`layer1.0.conv1.weight`), plus ``WeightsMetadata``
/// as root attributes. `tools/torch_to_h5.py` writes the same format from PyTorch.
public struct WeightsFile {
    /// The name of the group holding the tensors.
    public static let stateDictGroup = "state_dict"

    /// What the file says about the model.
    public var metadata: WeightsMetadata
    /// The tensors by module path, in the order they were written.
    public var stateDict: [(path: String, tensor: Tensor)]

    /// Weights to be written with ``write(to:)``.
    public init(metadata: WeightsMetadata, stateDict: [(path: String, tensor: Tensor)]) {
        self.metadata = metadata
        self.stateDict = stateDict
    }

    /// Reads a weights file; throws a one-line ``DataFileError`` for anything malformed.
    public init(contentsOf path: String) throws {
        let file = try HDF5File.open(path)
        defer { file.close() }
        metadata = try WeightsMetadata(readingFrom: file.root)
        let group = try file.root.group(Self.stateDictGroup)
        stateDict = try group.memberNames().map { name in
            (name, try group.dataset(name).readTensor())
        }
    }

    /// Writes the file atomically: `path` is replaced only once the whole file is written.
    /// Every tensor is checksummed (chunks with Fletcher-32; scalars and empty tensors live
    /// in the checksummed object header), so later damage to the file is reported on load
    /// rather than silently changing weights.
    public func write(to path: String) throws {
        var seen = Set<String>()
        for (name, _) in stateDict {
            precondition(!name.isEmpty && !name.contains("/"), "state_dict path '\(name)' must be non-empty and contain no '/'")
            precondition(seen.insert(name).inserted, "state_dict path '\(name)' appears twice")
        }
        try HDF5File.writeAtomically(to: path) { file in
            try metadata.write(to: file.root)
            let group = try file.root.createGroup(Self.stateDictGroup)
            for (name, tensor) in stateDict {
                let chunkable = !tensor.shape.isEmpty && tensor.count > 0
                let layout = chunkable ? HDF5StorageLayout.chunked(rows: tensor.shape[0], checksum: true) : .compact
                try group.writeTensor(name, tensor, layout: layout)
            }
        }
    }
}
