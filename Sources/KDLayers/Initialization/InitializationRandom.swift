import Foundation
import KDTensor

/// Runs `body` with the initialisation generator of this thread seeded with `seed`, then
/// restores the previous one. Every layer built inside draws its initial weights from it,
/// so `withRandomSeed(7) { WideResNet(depth: 16, widthFactor: 2) }` is the same network on
/// every run without handing a generator to each constructor. Scopes nest.
public func withRandomSeed<R>(_ seed: UInt64, _ body: () throws -> R) rethrows -> R {
    let scope = InitializationRandom.Box(SeededGenerator(seed: seed))
    let previous = InitializationRandom.current
    InitializationRandom.current = scope
    defer { InitializationRandom.current = previous }
    return try body()
}

/// The thread-local generator that layer constructors and ``Init`` draw from.
///
/// Outside any ``withRandomSeed(_:_:)`` scope each thread uses its own generator seeded
/// with ``defaultSeed``: construction is reproducible from run to run, though two models
/// built one after the other differ (they consume the same stream in turn).
public enum InitializationRandom {
    /// The seed of each thread's generator outside any scope.
    public static let defaultSeed: UInt64 = 0x6B64_7A6F_6F00_0001

    /// Draws from the current generator; `body` must not start another scope.
    public static func draw<R>(_ body: (inout SeededGenerator) -> R) -> R {
        let box = current ?? threadDefault
        return body(&box.generator)
    }

    final class Box {
        var generator: SeededGenerator
        init(_ generator: SeededGenerator) { self.generator = generator }
    }

    /// A thread-local slot holding one retain of a box, released when the thread ends.
    private static func makeKey() -> pthread_key_t {
        var key = pthread_key_t()
        pthread_key_create(&key) { pointer in
            if let pointer { Unmanaged<Box>.fromOpaque(pointer).release() }
        }
        return key
    }

    private static let scopeKey = makeKey()
    private static let defaultKey = makeKey()

    /// The innermost scope's generator on this thread, if any.
    static var current: Box? {
        get { pthread_getspecific(scopeKey).map { Unmanaged<Box>.fromOpaque($0).takeUnretainedValue() } }
        set {
            if let old = pthread_getspecific(scopeKey) { Unmanaged<Box>.fromOpaque(old).release() }
            pthread_setspecific(scopeKey, newValue.map { Unmanaged.passRetained($0).toOpaque() })
        }
    }

    private static var threadDefault: Box {
        if let pointer = pthread_getspecific(defaultKey) {
            return Unmanaged<Box>.fromOpaque(pointer).takeUnretainedValue()
        }
        let box = Box(SeededGenerator(seed: defaultSeed))
        pthread_setspecific(defaultKey, Unmanaged.passRetained(box).toOpaque())
        return box
    }
}
