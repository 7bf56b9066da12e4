import Foundation
import KDDistill
import XCTest

final class MethodCatalogTests: XCTestCase {
    func testEveryEntryBuildsItsMethodWithPaperDefaults() throws {
        for entry in MethodCatalog.entries {
            let methods = try MethodCatalog.methods(entry.name, options: MethodOptions())
            XCTAssertEqual(methods.map(\.name), [entry.name])
            XCTAssertFalse(entry.summary.isEmpty)
        }
        let defaults = try MethodCatalog.methods("kd+at+sp+pkt+fitnet+nst+crd", options: MethodOptions())
        XCTAssertEqual(defaults.map(\.weight), [0.9, 1000, 3000, 30000, 100, 50, 0.8])
        let crd = try XCTUnwrap(defaults.last as? ContrastiveRepresentationDistillation)
        XCTAssertEqual([crd.negatives, crd.featureDimension], [16384, 128])
        XCTAssertTrue(MethodCatalog.entry("crd")!.summary.contains("61 MB for 60k samples"), "CRD states its memory banks")
    }

    func testOptionsOverrideDefaultsAndAreValidatedByFlagName() throws {
        var options = MethodOptions()
        options.atWeight = 50
        options.taps = "stage3:stage2"
        options.crdNegatives = 256
        let methods = try MethodCatalog.methods("at+crd", options: options)
        let at = try XCTUnwrap(methods[0] as? AttentionTransfer)
        XCTAssertEqual(at.weight, 50)
        XCTAssertEqual(at.selection, .pairs([TapPair(student: "stage3", teacher: "stage2")]))
        XCTAssertEqual((methods[1] as? ContrastiveRepresentationDistillation)?.negatives, 256)

        options.temperature = 0
        XCTAssertThrowsError(try MethodCatalog.methods("kd", options: options)) {
            XCTAssertEqual("\($0)", "invalid training option temperature: must be positive, got 0.0")
        }
        XCTAssertThrowsError(try MethodCatalog.methods("kd+kd", options: MethodOptions())) {
            XCTAssertTrue("\($0)".contains("names a method twice"))
        }
    }

    func testOverridesKeepUnsetValues() {
        var recipe = MethodOptions(), flags = MethodOptions()
        recipe.atWeight = 10
        recipe.hint = "stage1"
        flags.atWeight = 20
        let merged = recipe.overridden(by: flags)
        XCTAssertEqual(merged.atWeight, 20)
        XCTAssertEqual(merged.hint, "stage1")
    }

    func testRecipesReadTeacherListsAndMethodKeys() throws {
        let json = #"{"teacher": "wrn-40-2", "teachers": "resnet56, resnet20", "student": ["wrn-16-2", "mobilenetv2"],"#
            + #" "teacherWeights": [0.5, 0.25, 0.25], "atWeight": 100, "crdNegatives": 4096, "epochs": 3}"#
        let recipe = try JSONDecoder().decode(Recipe.self, from: Data(json.utf8))
        XCTAssertEqual(recipe.teacher, ["wrn-40-2", "resnet56", "resnet20"])
        XCTAssertEqual(recipe.student, ["wrn-16-2", "mobilenetv2"])
        XCTAssertEqual(recipe.teacherWeights, [0.5, 0.25, 0.25])
        XCTAssertEqual(recipe.methodOptions.atWeight, 100)
        XCTAssertEqual(recipe.methodOptions.crdNegatives, 4096)
        XCTAssertEqual(recipe.training.epochs, 3)
        let roundTrip = try JSONDecoder().decode(Recipe.self, from: JSONEncoder().encode(recipe))
        XCTAssertEqual(roundTrip, recipe)
    }
}
