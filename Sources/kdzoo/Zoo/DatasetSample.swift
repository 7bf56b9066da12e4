import Foundation
import KDData
import KDZoo

extension InputSpec {
    /// One sample of `dataset` as the zoo sees it: image `[C, H, W]`, sequence `[T, F]`, tokens `[T]`
    /// (with the size of the `source_vocabulary` the file stores, which sizes a model's embeddings).
    init(sampleOf dataset: DatasetFile) throws {
        let shape = try dataset.sampleShape()
        switch dataset.kind {
        case .image: try self.init(.image, shape: shape)
        case .sequence: try self.init(.sequence, shape: shape)
        case .tokens:
            guard let json = try dataset.extraStringAttributes().first(where: { $0.name == "source_vocabulary" })?.value else {
                try self.init(.tokens, shape: shape)
                return
            }
            guard let tokens = try? JSONDecoder().decode([String].self, from: Data(json.utf8)) else {
                throw DataFileError(file: dataset.path, "attribute 'source_vocabulary' is not a JSON array of tokens")
            }
            self = try .tokens(length: shape[0], vocabulary: tokens.count)
        }
    }
}
