import CFFTW
import Foundation

/// A real-to-complex FFT of one size through FFTW, with its own input and output buffers.
///
/// Plans are made once per size and shared by every instance: FFTW's planner is not
/// thread-safe, so making a plan happens under a process-wide lock, while executing a shared
/// plan on each instance's own buffers (`fftwf_execute_dft_r2c`) is safe from any thread.
/// Plans use `FFTW_ESTIMATE`, so the chosen algorithm (and hence every rounding) is the same
/// on every run; `FFTW_MEASURE` could pick differently from run to run.
/// One instance is not safe to use from two threads at once.
final class RealFFT {
    let size: Int
    /// `size` real samples to transform; callers fill it before ``transform()``.
    let input: UnsafeMutablePointer<Float>
    /// `size / 2 + 1` complex bins as interleaved (real, imaginary) pairs after ``transform()``.
    let output: UnsafeMutablePointer<Float>
    private let complexOutput: UnsafeMutablePointer<fftwf_complex>
    private let plan: SharedPlan

    init(size: Int) {
        precondition(size >= 2, "FFT size \(size) must be at least 2")
        self.size = size
        input = fftwf_alloc_real(size)
        complexOutput = fftwf_alloc_complex(size / 2 + 1)
        output = UnsafeMutableRawPointer(complexOutput).bindMemory(to: Float.self, capacity: size + 2)
        plan = SharedPlan.forSize(size)
    }

    deinit {
        fftwf_free(input)
        fftwf_free(complexOutput)
    }

    /// Transforms ``input`` into ``output``.
    func transform() {
        fftwf_execute_dft_r2c(plan.plan, input, complexOutput)
    }

    /// Writes `|X[k]|²` for the `size / 2 + 1` bins of the last transform.
    func powerSpectrum(into power: UnsafeMutablePointer<Float>) {
        for bin in 0...size / 2 {
            let re = output[2 * bin], im = output[2 * bin + 1]
            power[bin] = re * re + im * im
        }
    }

    /// One FFTW plan per size for the life of the process.
    private final class SharedPlan: @unchecked Sendable {
        let plan: fftwf_plan

        private init(size: Int) {
            // FFTW plans for buffers of a given alignment; fftwf_alloc_* always returns
            // SIMD-aligned memory, so plans made here fit every instance's buffers.
            let input = fftwf_alloc_real(size)!
            let output = fftwf_alloc_complex(size / 2 + 1)!
            defer {
                fftwf_free(input)
                fftwf_free(output)
            }
            guard let plan = fftwf_plan_dft_r2c_1d(Int32(size), input, output, FFTW_ESTIMATE) else {
                fatalError("FFTW could not plan a real FFT of \(size) points")
            }
            self.plan = plan
        }

        private static let lock = NSLock()
        nonisolated(unsafe) private static var plans: [Int: SharedPlan] = [:]

        static func forSize(_ size: Int) -> SharedPlan {
            lock.lock()
            defer { lock.unlock() }
            if let plan = plans[size] { return plan }
            let plan = SharedPlan(size: size)
            plans[size] = plan
            return plan
        }
    }
}
