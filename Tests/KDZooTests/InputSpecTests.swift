import Foundation
import KDZoo
import XCTest

final class InputSpecTests: XCTestCase {
    func testParsesLayoutFromTheNumberOfDimensions() throws {
        let image = try InputSpec(parsing: "3x32x32")
        XCTAssertEqual(image.layout, .image)
        XCTAssertEqual(image.shape, [3, 32, 32])
        XCTAssertEqual(image.elementCount, 3072)
        XCTAssertEqual(try InputSpec(parsing: "100x40").layout, .sequence)
        XCTAssertEqual(try InputSpec(parsing: "784").layout, .flat)
        XCTAssertEqual(image.description, "3x32x32 image")
    }

    func testRejectsMalformedShapesWithTheTextInTheMessage() {
        for text in ["", "3x", "ax3", "1x2x3x4", "0x28x28", "-1x4"] {
            XCTAssertThrowsError(try InputSpec(parsing: text), text) { error in
                XCTAssertTrue("\(error)".contains("input") || "\(error)".contains(text), "\(error)")
            }
        }
        XCTAssertThrowsError(try InputSpec(.image, shape: [28, 28]))
    }

    func testPresentationsAreReshapesOfTheSameValues() throws {
        let spectrogram = try InputSpec(parsing: "1x100x40")
        XCTAssertEqual(spectrogram.presentations.map(\.description), ["1x100x40 image", "100x40 sequence", "4000 flat"])
        XCTAssertEqual(try InputSpec(parsing: "3x32x32").presentations.map(\.layout), [.image, .flat])
        XCTAssertEqual(try InputSpec(parsing: "100x40").presentations.map(\.description),
                       ["100x40 sequence", "1x100x40 image", "4000 flat"])
        XCTAssertEqual(try InputSpec(.tokens, shape: [20]).presentations.map(\.layout), [.tokens])
        for spec in spectrogram.presentations { XCTAssertEqual(spec.elementCount, 4000) }
    }

    func testRoundTripsThroughJSON() throws {
        let spec = try InputSpec(parsing: "1x28x28")
        let decoded = try JSONDecoder().decode(InputSpec.self, from: JSONEncoder().encode(spec))
        XCTAssertEqual(decoded, spec)
    }
}

extension InputSpecTests {
    func testJSONMatchesTheWeightsFileAttribute() throws {
        let json = #"{"kind":"image","shape":[1,28,28]}"#
        XCTAssertEqual(try JSONDecoder().decode(InputSpec.self, from: Data(json.utf8)), try InputSpec(parsing: "1x28x28"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        XCTAssertEqual(String(decoding: try encoder.encode(InputSpec(parsing: "1x28x28")), as: UTF8.self), json)
        XCTAssertThrowsError(try JSONDecoder().decode(InputSpec.self, from: Data(#"{"kind":"image","shape":[28,28]}"#.utf8)))
    }
}
