import Foundation
import KDData
import XCTest

/// The datasets in zoo/data/speech open as the importers described them.
final class ShippedSpeechDataTests: XCTestCase {
    private let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("zoo/data/speech")

    private func open(_ name: String) throws -> (DatasetFile, [String: String]) {
        let file = try DatasetFile(contentsOf: folder.appendingPathComponent(name).path)
        return (file, Dictionary(uniqueKeysWithValues: try file.extraStringAttributes().map { ($0.name, $0.value) }))
    }

    func testSpokenCommands() throws {
        let (file, attributes) = try open("spoken-commands.h5")
        XCTAssertEqual(file.kind, .sequence)
        XCTAssertEqual(file.classes.count, 18)
        XCTAssertEqual(try file.split("train").count, 162)
        XCTAssertEqual(try file.split("test").sampleShape, [98, 40])
        let configuration = try JSONDecoder().decode(FeatureConfiguration.self,
                                                     from: Data(try XCTUnwrap(attributes["feature_configuration"]).utf8))
        XCTAssertEqual(configuration.frameCount, 98)
        XCTAssertEqual(configuration.normalisation, .global)
        XCTAssertEqual(file.normalization?.mean.count, 40)
    }

    func testDigitStringsHaveDigitWordTargets() throws {
        let (file, attributes) = try open("digit-strings.h5")
        XCTAssertEqual(file.kind, .sequence)
        let targets = try JSONDecoder().decode([String].self, from: Data(try XCTUnwrap(attributes["target_vocabulary"]).utf8))
        XCTAssertEqual(targets, file.classes)
        XCTAssertEqual(Set(file.classes.dropFirst(4)), ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"])
        let test = try file.split("test")
        XCTAssertFalse(test.hasClassLabels)
        let (_, labels, lengths) = try test.read(rows: [0, 1])
        let words = Vocabulary(tokens: file.classes).decode(Array(labels[0..<labels.count / 2]))
        XCTAssertTrue((2...3).contains(words.count), "\(words)")
        XCTAssertTrue(lengths!.allSatisfy { $0 > 30 })
    }

    func testGraphemeToPhonemePairs() throws {
        let (file, attributes) = try open("g2p-espeak.h5")
        XCTAssertEqual(file.kind, .tokens)
        let letters = try JSONDecoder().decode([String].self, from: Data(try XCTUnwrap(attributes["source_vocabulary"]).utf8))
        XCTAssertEqual(letters, Vocabulary.reserved + "abcdefghijklmnopqrstuvwxyz".map(String.init))
        XCTAssertEqual(try file.split("train").count + file.split("test").count, 5_000)
    }
}
