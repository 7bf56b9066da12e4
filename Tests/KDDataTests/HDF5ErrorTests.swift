import Foundation
import KDData
import XCTest

final class HDF5ErrorTests: XCTestCase {
    private func makeFile(in folder: TemporaryFolder) throws -> String {
        let path = folder.path("good.h5")
        try HDF5File.writeAtomically(to: path) { file in
            let group = try file.root.createGroup("state_dict")
            try group.writeDataset("fc.weight", values: [Double](repeating: 1, count: 6), shape: [2, 3])
            try group.writeDataset("fc.bias", values: [Float](repeating: 0, count: 2), shape: [2])
            try file.root.setAttribute("architecture", String(repeating: "x", count: 2000))
        }
        return path
    }

    func testMissingFile() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("nope.h5")
        XCTAssertThrowsMessage("\(path): no such file") { try HDF5File.open(path) }
        XCTAssertThrowsMessage("\(folder.url.path): is a directory, not an HDF5 file") { try HDF5File.open(folder.url.path) }
    }

    func testNonHDF5File() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write(Array("this is plain text, not HDF5\n".utf8), to: "text.h5")
        XCTAssertThrowsMessage("\(path): not an HDF5 file") { try HDF5File.open(path) }
        let empty = try folder.write([], to: "empty.h5")
        XCTAssertThrowsMessage("\(empty): not an HDF5 file") { try HDF5File.open(empty) }
    }

    func testTruncatedFile() throws {
        let folder = try TemporaryFolder()
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: makeFile(in: folder))))
        let path = try folder.write(Array(bytes.prefix(bytes.count / 2)), to: "truncated.h5")
        do {
            _ = try HDF5File.open(path)
            XCTFail("a truncated file opened")
        } catch {
            XCTAssertTrue(String(describing: error).hasPrefix("\(path): cannot open: the file is damaged or truncated"),
                          "\(error)")
            XCTAssertFalse(String(describing: error).contains("\n"))
        }
    }

    func testMissingMembers() throws {
        let folder = try TemporaryFolder()
        let path = try makeFile(in: folder)
        let root = try HDF5File.open(path).root
        XCTAssertThrowsMessage("\(path): no dataset 'state_dict/fc.gamma'") {
            try root.group("state_dict").dataset("fc.gamma")
        }
        XCTAssertThrowsMessage("\(path): no group 'train'") { try root.group("train") }
        XCTAssertThrowsMessage("\(path): 'state_dict' is a group, expected a dataset") { try root.dataset("state_dict") }
        XCTAssertThrowsMessage("\(path): 'state_dict/fc.bias' is not a group, expected a group") {
            try root.group("state_dict").group("fc.bias")
        }
    }

    func testWrongElementTypeAndRank() throws {
        let folder = try TemporaryFolder()
        let path = try makeFile(in: folder)
        let group = try HDF5File.open(path).root.group("state_dict")
        XCTAssertThrowsMessage("\(path): dataset 'state_dict/fc.weight' is float64, expected float32") {
            try group.dataset("fc.weight").readTensor()
        }
        XCTAssertThrowsMessage("\(path): dataset 'state_dict/fc.bias' is float32, expected int64") {
            try group.dataset("fc.bias").read(as: Int64.self)
        }
        XCTAssertThrowsMessage("\(path): dataset 'state_dict/fc.weight' has rank 2 (shape [2, 3]), expected rank 1") {
            try group.dataset("fc.weight").expect(rank: 1)
        }
        XCTAssertThrowsMessage("\(path): dataset 'state_dict/fc.weight' has shape [2, 3], expected [3, 2]") {
            try group.dataset("fc.weight").expect(shape: [3, 2])
        }
    }

    func testAFailedWriteLeavesNoFileBehind() throws {
        struct Interrupted: Error {}
        let folder = try TemporaryFolder()
        let path = folder.path("weights.h5")
        XCTAssertThrowsError(try HDF5File.writeAtomically(to: path) { file in
            try file.root.writeDataset("a", values: [Float](repeating: 1, count: 1000), shape: [1000])
            throw Interrupted()
        })
        XCTAssertEqual(try folder.contents(), [], "neither the target nor a temporary file may remain")

        // An existing file survives a failed rewrite untouched.
        try HDF5File.writeAtomically(to: path) { try $0.root.setAttribute("version", 1) }
        XCTAssertThrowsError(try HDF5File.writeAtomically(to: path) { file in
            try file.root.setAttribute("version", 2)
            throw Interrupted()
        })
        XCTAssertEqual(try HDF5File.open(path).root.attribute("version", as: Int.self), 1)
        XCTAssertEqual(try folder.contents(), ["weights.h5"])
    }

    func testWritingIntoAMissingFolderFails() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("missing/w.h5")
        XCTAssertThrowsMessage("\(path): cannot write: folder \(folder.path("missing")) does not exist") {
            try HDF5File.writeAtomically(to: path) { _ in }
        }
    }
}
