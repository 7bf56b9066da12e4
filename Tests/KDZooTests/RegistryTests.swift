import KDTensor
import KDZoo
import XCTest

final class RegistryTests: XCTestCase {
    private func makeRegistry() throws -> Registry {
        try Registry([
            ToyArchitecture(name: "wrn", variants: ["16-2", "40-2"], defaultVariant: "40-2"),
            ToyArchitecture(name: "resnet", variants: ["20", "56", "32x4"], defaultVariant: "56"),
            ToyArchitecture(name: "mobilenetv2", aliases: ["mobilenet"], variants: ["0.5", "1.0"], defaultVariant: "0.5"),
            ToyArchitecture(name: "lstm", task: .sequenceClassification, variants: ["small"], defaultVariant: "small",
                            inputLayouts: [.sequence]),
        ])
    }

    func testLooksUpByNameAliasAndNameVariant() throws {
        let registry = try makeRegistry()
        XCTAssertEqual(try registry.resolve("wrn").name, "wrn-40-2")
        XCTAssertEqual(try registry.resolve("wrn-16-2").name, "wrn-16-2")
        XCTAssertEqual(try registry.resolve("WRN_16_2").name, "wrn-16-2")
        XCTAssertEqual(try registry.resolve("resnet56").name, "resnet-56")
        XCTAssertEqual(try registry.resolve("resnet-32x4").variant, "32x4")
        XCTAssertEqual(try registry.resolve("mobilenet").name, "mobilenetv2-0.5")
        XCTAssertEqual(try registry.resolve("mobilenet-1.0").name, "mobilenetv2-1.0")
        XCTAssertEqual(try registry.resolve("mobilenetv2-1.0").name, "mobilenetv2-1.0")
        XCTAssertEqual(try registry.architecture(named: "MobileNet").name, "mobilenetv2")
    }

    func testUnknownNamesAreAnsweredWithTheClosestMatches() throws {
        let registry = try makeRegistry()
        XCTAssertThrowsError(try registry.resolve("resnt")) { error in
            XCTAssertEqual(error as? ZooError, .unknownArchitecture(name: "resnt", suggestions: ["resnet"]))
            XCTAssertEqual("\(error)", "unknown architecture 'resnt'; did you mean resnet?")
        }
        XCTAssertThrowsError(try registry.resolve("wrnn")) { error in
            XCTAssertEqual(error as? ZooError, .unknownArchitecture(name: "wrnn", suggestions: ["wrn"]))
        }
        XCTAssertThrowsError(try registry.resolve("mobilenet2-0.5")) { error in
            guard case let .unknownArchitecture(_, suggestions) = error as? ZooError else { return XCTFail("\(error)") }
            XCTAssertEqual(suggestions.first, "mobilenetv2-0.5")
        }
        XCTAssertThrowsError(try registry.resolve("zzzzzzzz")) { error in
            XCTAssertEqual("\(error)", "unknown architecture 'zzzzzzzz'; see `kdzoo list`")
        }
    }

    func testUnknownVariantsListTheKnownOnes() throws {
        let registry = try makeRegistry()
        XCTAssertThrowsError(try registry.resolve("wrn-40-3")) { error in
            XCTAssertEqual(error as? ZooError, .unknownVariant(architecture: "wrn", variant: "40-3", known: ["16-2", "40-2"]))
        }
        XCTAssertThrowsError(try registry.resolve("resnet57")) { error in
            XCTAssertEqual("\(error)", "resnet has no variant '57'; known variants: 20, 56, 32x4")
        }
    }

    func testRefusesDuplicateNamesAndAliases() throws {
        var registry = try makeRegistry()
        XCTAssertThrowsError(try registry.register(ToyArchitecture(name: "wrn"))) { error in
            XCTAssertEqual("\(error)", "cannot register architecture 'wrn': the name 'wrn' is already registered by wrn")
        }
        XCTAssertThrowsError(try registry.register(ToyArchitecture(name: "mobile", aliases: ["mobilenet"]))) { error in
            XCTAssertTrue("\(error)".contains("already registered by mobilenetv2"), "\(error)")
        }
        XCTAssertThrowsError(try registry.register(ToyArchitecture(name: "resnet", aliases: [])))
        XCTAssertEqual(registry.architectures.count, 4, "a refused plugin must leave the registry unchanged")
    }

    func testRefusesMalformedDeclarations() {
        var registry = Registry()
        for bad in [ToyArchitecture(name: "Wide"), ToyArchitecture(name: "wide-resnet"), ToyArchitecture(name: ""),
                    ToyArchitecture(name: "9net"), ToyArchitecture(name: "net", aliases: ["net"])] {
            XCTAssertThrowsError(try registry.register(bad), bad.name)
        }
        XCTAssertThrowsError(try registry.register(ToyArchitecture(defaultVariant: "medium"))) { error in
            XCTAssertTrue("\(error)".contains("'medium'"), "\(error)")
        }
        XCTAssertThrowsError(try registry.register(ToyArchitecture(variants: [], defaultVariant: "small")))
        XCTAssertTrue(registry.architectures.isEmpty)
    }

    func testListsWithFilters() throws {
        let registry = try makeRegistry()
        XCTAssertEqual(registry.architectures.map(\.name), ["wrn", "resnet", "mobilenetv2", "lstm"])
        XCTAssertEqual(registry.architectures(task: .sequenceClassification).map(\.name), ["lstm"])
        let spectrogram = try InputSpec(parsing: "1x100x40")
        XCTAssertEqual(registry.architectures(reading: spectrogram).count, 4, "a one-channel image reads as a sequence")
        XCTAssertEqual(registry.architectures(reading: try InputSpec(parsing: "3x32x32")).map(\.name),
                       ["wrn", "resnet", "mobilenetv2"])
    }

    func testBuildsThroughTheSpecAndChecksClassCountAndInput() throws {
        let spec = try makeRegistry().resolve("wrn-16-2")
        let network = try spec.makeNetwork(input: InputSpec(parsing: "3x4x4"), classes: 5)
        XCTAssertEqual(network.forward(Tensor.zeros([2, 3, 4, 4])).logits.shape, [2, 5])
        XCTAssertThrowsError(try spec.makeNetwork(input: InputSpec(parsing: "3x4x4"), classes: 0)) { error in
            XCTAssertEqual("\(error)", "the class count must be at least 1, got 0")
        }
        XCTAssertThrowsError(try spec.makeNetwork(input: InputSpec(parsing: "48"), classes: 2)) { error in
            XCTAssertEqual("\(error)", "wrn cannot read a 48 flat input: it reads image inputs")
        }
    }
}
