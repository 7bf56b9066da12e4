import Foundation

/// Wall-clock timing for benchmarks: warm-up runs first (caches, page faults, thread pools),
/// then the median of the timed runs, which ignores the odd run disturbed by the machine.
enum Stopwatch {
    /// The median duration of `body` in seconds over `repeats` runs after `warmUps` untimed runs.
    static func median(repeats: Int, warmUps: Int = 2, _ body: () -> Void) -> Double {
        withoutActuallyEscaping(body) { alternatingMedians(repeats: repeats, warmUps: warmUps, [$0])[0] }
    }

    /// The median duration of each of `bodies`, timed in turn within every repeat (A, B, A,
    /// B, ...) so that changing load on a shared machine affects them alike.
    static func alternatingMedians(repeats: Int, warmUps: Int = 2, _ bodies: [() -> Void]) -> [Double] {
        for _ in 0..<warmUps { bodies.forEach { $0() } }
        var seconds = Array(repeating: [Double](), count: bodies.count)
        for _ in 0..<max(repeats, 1) {
            for (i, body) in bodies.enumerated() {
                let start = DispatchTime.now().uptimeNanoseconds
                body()
                seconds[i].append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
        }
        return seconds.map { $0.sorted()[$0.count / 2] }
    }
}

/// How every case of one `kdzoo bench` run is timed: the same warm-up and the same number of
/// timed runs, so that rows (and PyTorch's, in `tools/torch_bench.py`) compare fairly.
struct BenchTiming {
    let repeats: Int
    let warmUps: Int

    /// The median seconds of `body`.
    func median(_ body: () -> Void) -> Double {
        Stopwatch.median(repeats: repeats, warmUps: warmUps, body)
    }
}
