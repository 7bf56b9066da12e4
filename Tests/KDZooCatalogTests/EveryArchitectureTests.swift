import KDZoo
import KDZooCatalog
import KDZooTestSupport
import XCTest

/// The conformance checks, run for every plugin the catalog registers.
final class EveryArchitectureTests: XCTestCase {
    private let registry = try! Catalog.makeRegistry()

    /// The checks below loop over the registry, so an empty or shrunken catalog would pass them
    /// vacuously: pin the families the zoo promises.
    func testCatalogRegistersEveryFamily() {
        let names = Set(registry.architectures.map(\.name))
        for family in ["cnn", "mlp", "resnet", "wrn", "mobilenetv2", "densenet", "tree", "lstm", "seq2seq"] {
            XCTAssertTrue(names.contains(family), "the catalog does not register '\(family)'; it has \(names.sorted())")
        }
    }

    func testEveryVariantBuildsForBothStandardInputs() throws {
        for architecture in registry.architectures {
            try ArchitectureConformance(architecture).checkEveryVariantBuilds()
        }
    }

    func testGradientsMatchFiniteDifferences() throws {
        for architecture in registry.architectures {
            try ArchitectureConformance(architecture).checkGradients()
        }
    }

    func testStateDictsRoundTrip() throws {
        for architecture in registry.architectures {
            try ArchitectureConformance(architecture).checkStateDictRoundTrip()
        }
    }

    func testEveryArchitectureTrainsOneStep() throws {
        for architecture in registry.architectures {
            try ArchitectureConformance(architecture).checkTrainsOneStep()
        }
    }

    func testBranchableNetworksSplitBeforeTheLastStage() throws {
        for architecture in registry.architectures {
            try ArchitectureConformance(architecture).checkBranchableSplit()
        }
    }
}
