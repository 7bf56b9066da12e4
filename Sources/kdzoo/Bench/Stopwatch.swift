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

    /// The median wall-clock seconds of `body`, and the median process CPU seconds (user +
    /// system, all threads) of the same runs. On a machine shared with other jobs the wall clock
    /// measures the load as much as the code; CPU time counts only this process's work (plus
    /// whatever its idle threads spin), so it is the figure to compare before and after a change.
    func median(_ body: () -> Void) -> (seconds: Double, cpuSeconds: Double) {
        var cpu: [Double] = []
        let seconds = Stopwatch.median(repeats: repeats, warmUps: warmUps) {
            let start = ProcessCPUTime.seconds()
            body()
            cpu.append(ProcessCPUTime.seconds() - start)
        }
        let timed = cpu.suffix(repeats).sorted()
        return (seconds, timed[timed.count / 2])
    }
}

/// The CPU time this process has used so far, user and system, over all its threads.
enum ProcessCPUTime {
    static func seconds() -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
}
