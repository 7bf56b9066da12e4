import KDZoo
import KDZooCatalog
import KDZooTestSupport
import XCTest

/// The conformance checks, run for every plugin the catalog registers.
final class EveryArchitectureTests: XCTestCase {
    private let registry = try! Catalog.makeRegistry()

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
