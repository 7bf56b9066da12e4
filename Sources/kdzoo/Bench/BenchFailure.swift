/// A benchmark that cannot run as asked: a row naming an unmeasurable model or pair, or a
/// measuring child process that failed. The description is the one line the CLI prints.
struct BenchFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}
