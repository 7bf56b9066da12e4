import KDLayers
import KDTensor
import KDZoo
import KDZooCatalog
import KDZooTestSupport
import XCTest

/// The README's plugin, registered next to the catalog's: listed, built, trained, distillable.
final class PluginGuideTests: XCTestCase {
    private func registryWithTinyNet() throws -> Registry {
        var registry = try Catalog.makeRegistry()
        try registry.register(TinyNetArchitecture())
        return registry
    }

    func testIsListedAndResolvable() throws {
        var registry = try registryWithTinyNet()
        XCTAssertEqual(registry.architectures.last?.name, "tinynet")
        XCTAssertEqual(try registry.resolve("tinynet-8").name, "tinynet-8")
        XCTAssertEqual(try registry.resolve("tinynet").variant, "16")
        XCTAssertThrowsError(try registry.register(TinyNetArchitecture()), "a second registration must be refused")
    }

    func testPassesTheConformanceChecks() throws {
        let conformance = ArchitectureConformance(TinyNetArchitecture())
        try conformance.checkEveryVariantBuilds()
        try conformance.checkGradients()
        try conformance.checkStateDictRoundTrip()
        try conformance.checkTrainsOneStep()
    }

    func testCanBeATeacherOrAStudent() throws {
        let registry = try registryWithTinyNet()
        let cifar = try InputSpec(parsing: "3x32x32")
        let asStudent = try registry.pairing(teacher: registry.resolve("wrn-40-2"), student: registry.resolve("tinynet"), data: cifar)
        XCTAssertEqual(asStudent.studentInput, cifar)
        let asTeacher = try registry.pairing(teacher: registry.resolve("tinynet"), student: registry.resolve("mlp-800-800"),
                                             data: InputSpec(parsing: "1x28x28"))
        XCTAssertEqual(asTeacher.studentInput.description, "784 flat")
        XCTAssertTrue(try registry.compatibleStudents(for: registry.resolve("resnet20"), data: cifar).contains { $0.name == "tinynet" })
    }

    /// The gradient check must catch a network whose backward pass misses a branch.
    func testGradientCheckCatchesADetachedBranch() throws {
        let (error, location) = try ArchitectureConformance(FaultyTinyNetArchitecture(fault: .detachedStage)).gradientMismatch()
        XCTAssertGreaterThan(error, 0.1, location)
    }

    /// The one-step check must catch a gradient of the right direction but the wrong scale, which
    /// a fixed learning rate (the loss merely has to fall) lets through.
    func testOneStepCheckCatchesAGradientThreeTimesTooLarge() throws {
        let step = try ArchitectureConformance(FaultyTinyNetArchitecture(fault: .tripledGradient)).measureOneStep()
        XCTAssertLessThan(step.after, step.before)
        XCTAssertEqual(step.decreaseRatio, 1.0 / 3, accuracy: 0.05)
    }
}
