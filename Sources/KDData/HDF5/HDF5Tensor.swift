import KDTensor

extension HDF5Dataset {
    /// The whole dataset as a tensor of the same shape; the stored type must be float32.
    public func readTensor() throws -> Tensor {
        try expect(elementType: .float32)
        try checkFitsInMemory(count * MemoryLayout<Float>.stride)
        let tensor = Tensor(uninitializedShape: shape)
        try read(into: tensor.storage.buffer)
        return tensor
    }
}

extension HDF5Group {
    /// Creates the member dataset `name` holding `tensor` as float32 in its shape.
    @discardableResult
    public func writeTensor(_ name: String, _ tensor: Tensor, layout: HDF5StorageLayout = .contiguous) throws -> HDF5Dataset {
        let dataset = try createDataset(name, shape: tensor.shape, elementType: .float32, layout: layout)
        try dataset.write(UnsafeBufferPointer(tensor.storage.buffer))
        return dataset
    }
}
