import Testing

@testable import ServiceKit

@Suite struct RetryBackoffTests {
    /// A seeded generator (SplitMix64), so the draws are the same on every run.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test func theCeilingDoublesFromTheBaseUpToTheCap() {
        let backoff = RetryBackoff(base: .seconds(1), cap: .seconds(600))
        #expect(backoff.ceiling(afterAttempts: 1) == .seconds(1))
        #expect(backoff.ceiling(afterAttempts: 2) == .seconds(2))
        #expect(backoff.ceiling(afterAttempts: 5) == .seconds(16))
        #expect(backoff.ceiling(afterAttempts: 10) == .seconds(512))
        #expect(backoff.ceiling(afterAttempts: 11) == .seconds(600))
        #expect(backoff.ceiling(afterAttempts: 15) == .seconds(600))
        #expect(backoff.ceiling(afterAttempts: 1000) == .seconds(600))
        #expect(backoff.ceiling(afterAttempts: 0) == .seconds(1))
        #expect(backoff.ceiling(afterAttempts: -3) == .seconds(1))
    }

    @Test func delaysStayWithinZeroAndTheCeiling() {
        let backoff = RetryBackoff(base: .milliseconds(100), cap: .seconds(5))
        var generator = SeededGenerator(state: 42)
        for attempts in 1...20 {
            let ceiling = backoff.ceiling(afterAttempts: attempts)
            for _ in 0..<200 {
                let delay = backoff.delay(afterAttempts: attempts, using: &generator)
                #expect(delay >= .zero && delay <= ceiling)
            }
        }
        var system = SystemRandomNumberGenerator()
        #expect(backoff.delay(afterAttempts: 40, using: &system) <= .seconds(5))
        #expect(backoff.delay(afterAttempts: 3) <= .milliseconds(400))
    }

    @Test func delaysAreSpreadOverTheWholeRange() {
        let backoff = RetryBackoff(base: .seconds(1), cap: .seconds(600))
        var generator = SeededGenerator(state: 7)
        let draws = (0..<2000).map { _ in backoff.delay(afterAttempts: 4, using: &generator) }
        let seconds = draws.map { Double($0.components.seconds) + Double($0.components.attoseconds) * 1e-18 }
        #expect(Set(draws).count > 1900)
        let mean = seconds.reduce(0, +) / Double(seconds.count)
        #expect(mean > 3.6 && mean < 4.4)
        #expect(seconds.contains { $0 < 0.8 } && seconds.contains { $0 > 7.2 })
        let quarters = (0..<4).map { quarter in seconds.filter { Int($0 / 2) == quarter }.count }
        #expect(quarters.allSatisfy { $0 > 400 && $0 < 600 })
    }
}
