import KDData
import KDTensor
import XCTest

final class HDF5RoundTripTests: XCTestCase {
    private let shapes: [[Int]] = [[], [5], [2, 3], [2, 3, 4], [2, 1, 3, 2]]

    private func roundTrip<Element: HDF5Element & Equatable>(_ type: Element.Type, make: (Int) -> Element) throws {
        let folder = try TemporaryFolder()
        let path = folder.path("round-trip.h5")
        let arrays = shapes.map { shape in (0..<shape.reduce(1, *)).map(make) }
        try HDF5File.writeAtomically(to: path) { file in
            for (rank, (shape, values)) in zip(shapes, arrays).enumerated() {
                try file.root.writeDataset("rank\(rank)", values: values, shape: shape)
            }
        }
        let file = try HDF5File.open(path)
        for (rank, (shape, values)) in zip(shapes, arrays).enumerated() {
            let dataset = try file.root.dataset("rank\(rank)")
            XCTAssertEqual(dataset.shape, shape)
            XCTAssertEqual(dataset.elementType, Element.hdf5Type)
            XCTAssertEqual(try dataset.read(as: Element.self), values, "\(Element.hdf5Type) rank \(rank)")
        }
    }

    func testEveryElementTypeAndRankRoundTrips() throws {
        try roundTrip(Float.self) { Float($0) * 0.25 - 3.5 }
        try roundTrip(Double.self) { Double($0) * 1e-7 + 1e10 }
        try roundTrip(Int64.self) { Int64($0) * 1_000_000_007 - (1 << 40) }
        try roundTrip(Int32.self) { Int32($0) * 65_537 - 1_000_000 }
        try roundTrip(UInt8.self) { UInt8(($0 * 37) % 256) }
    }

    func testCompressedChecksummedChunksRoundTrip() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("chunked.h5")
        let values = (0..<(7 * 3 * 5)).map { Float($0 % 11) }
        try HDF5File.writeAtomically(to: path) { file in
            try file.root.writeDataset("x", values: values, shape: [7, 3, 5],
                                       layout: .chunked(rows: 2, gzipLevel: 9, checksum: true))
            try file.root.writeDataset("empty", values: [Float](), shape: [0, 3], layout: .chunked(rows: 4, gzipLevel: 1))
        }
        let file = try HDF5File.open(path)
        XCTAssertEqual(try file.root.dataset("x").read(as: Float.self), values)
        XCTAssertEqual(try file.root.dataset("empty").shape, [0, 3])
    }

    func testTensorsRoundTrip() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("tensor.h5")
        var generator = SeededGenerator(seed: 1)
        let tensor = Tensor.randomNormal([3, 2, 4], using: &generator)
        try HDF5File.writeAtomically(to: path) { try $0.root.writeTensor("t", tensor) }
        let read = try HDF5File.open(path).root.dataset("t").readTensor()
        XCTAssertEqual(read.shape, tensor.shape)
        XCTAssertEqual(read.scalars, tensor.scalars)
    }

    func testAttributesOfEveryTypeRoundTripOnGroupsAndDatasets() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("attributes.h5")
        try HDF5File.writeAtomically(to: path) { file in
            for object in [file.root as HDF5Object, try file.root.writeDataset("d", values: [UInt8(1)], shape: [1])] {
                try object.setAttribute("text", "héllo, wörld")
                try object.setAttribute("empty", "")
                try object.setAttribute("count", -42)
                try object.setAttribute("ratio", 0.125)
                try object.setAttribute("names", ["a", "bb", ""])
                try object.setAttribute("sizes", [3, -1, 1 << 40])
                try object.setAttribute("stats", [0.5, -2.25])
                try object.setAttribute("none", [Double]())
                try object.setAttribute("count", 7)  // replaces
            }
        }
        let file = try HDF5File.open(path)
        for object in [file.root as HDF5Object, try file.root.dataset("d")] {
            XCTAssertEqual(try object.attribute("text", as: String.self), "héllo, wörld")
            XCTAssertEqual(try object.attribute("empty", as: String.self), "")
            XCTAssertEqual(try object.attribute("count", as: Int.self), 7)
            XCTAssertEqual(try object.attribute("ratio", as: Double.self), 0.125)
            XCTAssertEqual(try object.attribute("names", as: [String].self), ["a", "bb", ""])
            XCTAssertEqual(try object.attribute("sizes", as: [Int].self), [3, -1, 1 << 40])
            XCTAssertEqual(try object.attribute("stats", as: [Double].self), [0.5, -2.25])
            XCTAssertEqual(try object.attribute("none", as: [Double].self), [])
            // Integers read as numbers too.
            XCTAssertEqual(try object.attribute("count", as: Double.self), 7)
            XCTAssertFalse(object.hasAttribute("missing"))
        }
    }

    func testAttributeOfTheWrongKindIsRefused() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("a.h5")
        try HDF5File.writeAtomically(to: path) { file in
            try file.root.setAttribute("ratio", 0.5)
            try file.root.setAttribute("names", ["a", "b"])
            try file.root.createGroup("g").setAttribute("n", 3)
        }
        let root = try HDF5File.open(path).root
        XCTAssertThrowsMessage("\(path): attribute 'ratio' is float64, expected a string") {
            try root.attribute("ratio", as: String.self)
        }
        XCTAssertThrowsMessage("\(path): attribute 'ratio' is float64, expected an integer") {
            try root.attribute("ratio", as: Int.self)
        }
        XCTAssertThrowsMessage("\(path): attribute 'names' is string array of 2, expected a string") {
            try root.attribute("names", as: String.self)
        }
        XCTAssertThrowsMessage("\(path): no attribute 'kind'") { try root.attribute("kind", as: String.self) }
        XCTAssertThrowsMessage("\(path): no attribute 'm' of 'g'") { try root.group("g").attribute("m", as: Int.self) }
    }

    func testMembersListInCreationOrder() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("order.h5")
        let names = ["zeta", "alpha", "layer1.0.conv1.weight", "b"]
        try HDF5File.writeAtomically(to: path) { file in
            let group = try file.root.createGroup("g")
            for name in names { try group.writeDataset(name, values: [Float(0)], shape: []) }
        }
        let root = try HDF5File.open(path).root
        XCTAssertEqual(try root.memberNames(), ["g"])
        XCTAssertEqual(try root.group("g").memberNames(), names)
        XCTAssertTrue(root.contains("g"))
        XCTAssertFalse(root.contains("h"))
    }

    func testHyperslabReadsMatchTheWholeArrayAndConvertTypes() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("rows.h5")
        let shape = [10, 2, 3]
        let values = (0..<60).map { UInt8($0 * 3) }
        try HDF5File.writeAtomically(to: path) { file in
            try file.root.writeDataset("x", values: values, shape: shape, layout: .chunked(rows: 3, gzipLevel: 4))
        }
        let dataset = try HDF5File.open(path).root.dataset("x")
        var block = [Float](repeating: -1, count: 4 * 6)
        try dataset.readRows(3..<7, into: &block)
        XCTAssertEqual(block, values[18..<42].map { Float($0) })

        let indices = [0, 1, 2, 5, 9]
        var scattered = [Double](repeating: -1, count: indices.count * 6)
        try dataset.readRows(at: indices, into: &scattered)
        let expected = indices.flatMap { row in values[(row * 6)..<(row * 6 + 6)].map { Double($0) } }
        XCTAssertEqual(scattered, expected)

        let shuffled = [9, 0, 5, 0, 2]
        var gathered = [Float](repeating: -1, count: shuffled.count * 6)
        try dataset.readRows(at: shuffled, into: &gathered)
        XCTAssertEqual(gathered, shuffled.flatMap { row in values[(row * 6)..<(row * 6 + 6)].map { Float($0) } })
    }

    func testOverwritingAFileReplacesItWhole() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("w.h5")
        try HDF5File.writeAtomically(to: path) { try $0.root.writeDataset("old", values: [Int32(1)], shape: [1]) }
        try HDF5File.writeAtomically(to: path) { try $0.root.writeDataset("new", values: [Int32(2)], shape: [1]) }
        XCTAssertEqual(try HDF5File.open(path).root.memberNames(), ["new"])
        XCTAssertEqual(try folder.contents(), ["w.h5"])
    }
}
