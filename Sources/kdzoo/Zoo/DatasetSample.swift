import KDData
import KDZoo

extension InputSpec {
    /// One sample of `dataset` as the zoo sees it: image `[C, H, W]`, sequence `[T, F]`, tokens `[T]`.
    init(sampleOf dataset: DatasetFile) throws {
        let layout: InputLayout = switch dataset.kind {
        case .image: .image
        case .sequence: .sequence
        case .tokens: .tokens
        }
        try self.init(layout, shape: dataset.sampleShape())
    }
}
