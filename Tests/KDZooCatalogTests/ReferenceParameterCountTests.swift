import KDLayers
import KDZoo
import KDZooCatalog
import XCTest

/// Parameter counts for 100 classes on 3x32x32 must match RepDistiller's CIFAR models.
final class ReferenceParameterCountTests: XCTestCase {
    /// `sum(p.numel() for p in model.parameters())` of RepDistiller's models with `num_classes=100`.
    static let repDistiller: [String: Int] = [
        "wrn-40-2": 2_255_156,
        "wrn-16-2": 703_284,
        "resnet56": 861_620,
        "resnet20": 278_324,
        "resnet32x4": 7_433_860,
        "resnet8x4": 1_233_540,
        "mobilenetv2-0.5": 812_836,
    ]

    func testMatchesRepDistillerWithinOnePercent() throws {
        let registry = try Catalog.makeRegistry()
        let input = try InputSpec(parsing: "3x32x32")
        for (name, reference) in Self.repDistiller.sorted(by: { $0.key < $1.key }) {
            let network = try registry.resolve(name).makeNetwork(input: input, classes: 100)
            let count = network.parameterCount
            XCTAssertLessThanOrEqual(abs(Double(count - reference)) / Double(reference), 0.01,
                                     "\(name): \(count) parameters, RepDistiller has \(reference)")
        }
    }
}
