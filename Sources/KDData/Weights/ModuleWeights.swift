import KDLayers

extension Module {
    /// Writes this module's state dict (parameters and buffers) with `metadata` to a weights
    /// file, atomically.
    public func saveWeights(to path: String, metadata: WeightsMetadata) throws {
        try WeightsFile(metadata: metadata, stateDict: stateDict()).write(to: path)
    }

    /// Loads a weights file into this module in place and returns its metadata.
    ///
    /// Strict loading (the default) changes nothing and throws one line naming the file and
    /// every missing, unexpected and wrongly shaped path unless the file matches exactly;
    /// non-strict loading copies what matches and reports the rest in `mismatch`.
    @discardableResult
    public func loadWeights(from path: String, strict: Bool = true) throws
        -> (metadata: WeightsMetadata, mismatch: StateDictMismatch) {
        let weights = try WeightsFile(contentsOf: path)
        do {
            let mismatch = try load(stateDict: weights.stateDict, strict: strict)
            return (weights.metadata, mismatch)
        } catch let mismatch as StateDictMismatch {
            throw DataFileError(file: path, mismatch.description)
        }
    }
}
