import Foundation
import Synchronization

/// Makes time-ordered version 7 UUIDs (RFC 9562 §5.7): 48 bits of Unix milliseconds, then a 12-bit counter in
/// `rand_a` (RFC 9562 §6.2, method 1), then 62 random bits.
///
/// Ids from one generator are strictly increasing, also within a millisecond and when the wall clock steps back:
/// the counter starts at a random value in its lower half each millisecond, and if it overflows, or the clock goes
/// backwards, the timestamp is carried forward from the last id instead. Share one generator per process.
public final class UUIDv7Generator: Sendable {
    private struct State {
        var milliseconds: UInt64 = 0
        var counter: UInt16 = 0
    }

    private static let counterLimit: UInt16 = 0x0FFF
    private let state = Mutex(State())
    private let currentMilliseconds: @Sendable () -> UInt64

    /// Creates a generator reading the system clock.
    public convenience init() {
        self.init(milliseconds: { UInt64(max(0, (Date().timeIntervalSince1970 * 1000).rounded(.down))) })
    }

    /// Creates a generator reading `milliseconds` (Unix time in ms), for tests.
    public init(milliseconds: @escaping @Sendable () -> UInt64) {
        self.currentMilliseconds = milliseconds
    }

    /// Returns the next id.
    public func next() -> UUID {
        var random = [UInt8](repeating: 0, count: 10)
        random.withUnsafeMutableBytes { SecureRandom.fill($0) }
        let clock = currentMilliseconds() & 0xFFFF_FFFF_FFFF
        let (milliseconds, counter) = state.withLock { state -> (UInt64, UInt16) in
            if clock > state.milliseconds {
                state.milliseconds = clock
                state.counter = (UInt16(random[0]) << 8 | UInt16(random[1])) & 0x07FF
            } else if state.counter < Self.counterLimit {
                state.counter += 1
            } else {
                state.milliseconds += 1
                state.counter = (UInt16(random[0]) << 8 | UInt16(random[1])) & 0x07FF
            }
            return (state.milliseconds, state.counter)
        }
        return UUID(
            uuid: (
                UInt8(truncatingIfNeeded: milliseconds >> 40),
                UInt8(truncatingIfNeeded: milliseconds >> 32),
                UInt8(truncatingIfNeeded: milliseconds >> 24),
                UInt8(truncatingIfNeeded: milliseconds >> 16),
                UInt8(truncatingIfNeeded: milliseconds >> 8),
                UInt8(truncatingIfNeeded: milliseconds),
                0x70 | UInt8(truncatingIfNeeded: counter >> 8),
                UInt8(truncatingIfNeeded: counter),
                0x80 | (random[2] & 0x3F),
                random[3], random[4], random[5], random[6], random[7], random[8], random[9]
            ))
    }
}
