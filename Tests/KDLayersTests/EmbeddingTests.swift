import KDLayers
import KDTensor
import KDTestSupport
import XCTest

final class EmbeddingTests: XCTestCase {
    func testLooksUpRowsInTheIdsShape() {
        let embedding = withRandomSeed(1) { Embedding(count: 5, dimension: 3) }
        let ids = Tensor(shape: [2, 2], [4, 0, 2, 4])
        let vectors = embedding(ids)
        XCTAssertEqual(vectors.shape, [2, 2, 3])
        for (position, id) in [4, 0, 2, 4].enumerated() {
            XCTAssertEqual(Array(vectors.scalars[position * 3..<position * 3 + 3]),
                           Array(embedding.weight.scalars[id * 3..<id * 3 + 3]))
        }
    }

    func testGradientAccumulatesIntoLookedUpRows() {
        let embedding = withRandomSeed(1) { Embedding(count: 4, dimension: 2) }
        XCTAssertGradientsMatch(at: [embedding.weight]) { _ in embedding([1, 3, 1], shape: [3]) }
        embedding.weight.grad = nil
        embedding([1, 3, 1], shape: [3]).sum().backward()
        XCTAssertEqual(embedding.weight.grad!.scalars, [0, 0, 2, 2, 0, 0, 1, 1])
    }

    func testPaddingRowIsZeroAndGetsNoGradient() {
        let embedding = withRandomSeed(1) { Embedding(count: 4, dimension: 2, paddingIndex: 0) }
        XCTAssertEqual(Array(embedding.weight.scalars[0..<2]), [0, 0])
        let vectors = embedding([0, 2, 0], shape: [1, 3])
        XCTAssertEqual(Array(vectors.scalars[0..<2]), [0, 0])
        vectors.sum().backward()
        XCTAssertEqual(embedding.weight.grad!.scalars, [0, 0, 0, 0, 1, 1, 0, 0])
    }
}
