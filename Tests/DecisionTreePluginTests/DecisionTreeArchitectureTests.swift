@testable import DecisionTreePlugin
import KDZoo
import KDZooTestSupport
import XCTest

final class DecisionTreeArchitectureTests: XCTestCase {
    private let architecture = DecisionTreeArchitecture()

    func testVariantSpellings() {
        XCTAssertEqual(architecture.canonicalVariant("depth-6"), "depth-6")
        XCTAssertEqual(architecture.canonicalVariant("soft-tree"), "soft-tree-4")
        XCTAssertEqual(architecture.canonicalVariant("soft-tree-7"), "soft-tree-7")
        for bad in ["depth-0", "depth-33", "depth-08", "depth-", "soft-tree-11", "soft", "tree"] {
            XCTAssertNil(architecture.canonicalVariant(bad), bad)
        }
    }

    func testBuildsTheTreeItsVariantNames() throws {
        let digits = try InputSpec(parsing: "1x8x8")
        let cart = try XCTUnwrap(try architecture.makeNetwork(variant: "depth-6", input: digits, classes: 10) as? DecisionTree)
        XCTAssertEqual([cart.maxDepth, cart.featureCount, cart.classCount, cart.nodeCount], [6, 64, 10, 1])
        let soft = try XCTUnwrap(try architecture.makeNetwork(variant: "soft-tree-3", input: digits, classes: 10) as? SoftDecisionTree)
        XCTAssertEqual(soft.parameterCount, 7 * 64 + 7 + 8 * 10)
    }

    func testReadsAnyFixedSizeInputButNotTokens() throws {
        XCTAssertTrue(architecture.accepts(try InputSpec(parsing: "3x32x32")))
        XCTAssertTrue(architecture.accepts(try InputSpec(parsing: "100x40")))
        XCTAssertTrue(architecture.accepts(try InputSpec(parsing: "20")))
        XCTAssertFalse(architecture.accepts(try InputSpec(.tokens, shape: [20])))
    }

    func testPassesTheConformanceChecks() throws {
        let conformance = ArchitectureConformance(architecture)
        try conformance.checkEveryVariantBuilds()
        try conformance.checkGradients()
        try conformance.checkStateDictRoundTrip()
        try conformance.checkTrainsOneStep()
    }
}
