import Foundation

/// A small, fast, seedable random number generator (xoshiro256**), so that every
/// initialisation, shuffle and dropout mask in kdzoo is reproducible from one seed.
public struct SeededGenerator: RandomNumberGenerator, Codable, Equatable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    /// A generator whose whole sequence is fixed by `seed`.
    public init(seed: UInt64) {
        // SplitMix64 spreads any seed (even 0) over the 256-bit state.
        var x = seed
        func splitMix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (splitMix(), splitMix(), splitMix(), splitMix())
    }

    public mutating func next() -> UInt64 {
        let result = rotl(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotl(state.3, 45)
        return result
    }

    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// A uniform sample in `[0, 1)` with 24 bits of precision.
    public mutating func nextUniform() -> Float {
        Float(next() >> 40) * (1.0 / 16_777_216.0)
    }

    /// A standard normal sample (Box-Muller).
    public mutating func nextNormal() -> Float {
        let u1 = max(nextUniform(), 1e-7)
        let u2 = nextUniform()
        return (-2 * log(u1)).squareRoot() * cos(2 * .pi * u2)
    }

    /// A new generator for an independent stream (e.g. one per data-loader epoch).
    public mutating func fork() -> SeededGenerator {
        SeededGenerator(seed: next())
    }

    // Codable so checkpoints can save and restore the exact stream position.
    private enum CodingKeys: CodingKey { case state }
    public init(from decoder: Decoder) throws {
        let words = try decoder.container(keyedBy: CodingKeys.self).decode([UInt64].self, forKey: .state)
        guard words.count == 4 else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "RNG state needs 4 words"))
        }
        state = (words[0], words[1], words[2], words[3])
    }
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode([state.0, state.1, state.2, state.3], forKey: .state)
    }
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.state == rhs.state
    }
}

extension Tensor {
    /// Samples from `N(mean, std²)`.
    public static func randomNormal(_ shape: [Int], mean: Float = 0, std: Float = 1,
                                    using generator: inout SeededGenerator, requiresGrad: Bool = false) -> Tensor {
        let result = Tensor(uninitializedShape: shape)
        for i in 0..<result.count { result.pointer[i] = mean + std * generator.nextNormal() }
        result.requiresGrad = requiresGrad
        return result
    }

    /// Samples uniformly from `[low, high)`.
    public static func randomUniform(_ shape: [Int], low: Float = 0, high: Float = 1,
                                     using generator: inout SeededGenerator, requiresGrad: Bool = false) -> Tensor {
        let result = Tensor(uninitializedShape: shape)
        for i in 0..<result.count { result.pointer[i] = low + (high - low) * generator.nextUniform() }
        result.requiresGrad = requiresGrad
        return result
    }
}
