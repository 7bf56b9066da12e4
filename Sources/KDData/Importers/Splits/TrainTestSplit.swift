import KDTensor

/// Assigns each example of an imported dataset to `train` or `test`.
public enum TrainTestSplit {
    /// `test[i]` is true for a seeded random `testFraction` of each class, rounded per class,
    /// keeping at least one example of every class with two or more in `train`.
    ///
    /// Fisher-Yates over ``SeededGenerator`` is written out here (rather than `shuffle(using:)`)
    /// so the split a seed gives does not depend on the standard library's version.
    public static func stratified(classes: [Int], testFraction: Double, seed: UInt64) -> [Bool] {
        precondition((0...1).contains(testFraction), "test fraction \(testFraction) outside [0, 1]")
        var generator = SeededGenerator(seed: seed)
        var isTest = [Bool](repeating: false, count: classes.count)
        let members = Dictionary(grouping: classes.indices, by: { classes[$0] })
        for label in members.keys.sorted() {
            var indices = members[label]!
            for i in stride(from: indices.count - 1, to: 0, by: -1) {
                indices.swapAt(i, Int(generator.next() % UInt64(i + 1)))
            }
            var testCount = Int((Double(indices.count) * testFraction).rounded())
            if indices.count >= 2 { testCount = min(testCount, indices.count - 1) }
            for index in indices.prefix(testCount) { isTest[index] = true }
        }
        return isTest
    }
}
