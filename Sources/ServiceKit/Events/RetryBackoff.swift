/// How long to wait before retrying something that failed: exponential back-off with full jitter.
///
/// After the `n`th failed attempt the ceiling is `base · 2^(n−1)`, at most `cap`, and the delay is drawn
/// uniformly from `0...ceiling`. The jitter spreads out retries of many deliveries that failed together (a
/// subscriber restarting), so they do not all come back at the same instant.
public struct RetryBackoff: Sendable, Equatable {
    /// The ceiling after the first failure.
    public var base: Duration
    /// The largest ceiling.
    public var cap: Duration

    /// Creates a back-off.
    public init(base: Duration = .seconds(1), cap: Duration = .seconds(600)) {
        self.base = base
        self.cap = cap
    }

    /// The longest delay after `attempts` failed attempts (1 or more; less counts as 1).
    public func ceiling(afterAttempts attempts: Int) -> Duration {
        let capNanoseconds = Self.nanoseconds(cap)
        let exponent = min(max(attempts, 1) - 1, 62)
        let (scaled, overflow) = Self.nanoseconds(base).multipliedReportingOverflow(by: Int64(1) << exponent)
        return .nanoseconds(overflow ? capNanoseconds : min(scaled, capNanoseconds))
    }

    /// A delay drawn from `0...ceiling(afterAttempts:)` with `generator`.
    public func delay(afterAttempts attempts: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        .nanoseconds(Int64.random(in: 0...Self.nanoseconds(ceiling(afterAttempts: attempts)), using: &generator))
    }

    /// A delay drawn from `0...ceiling(afterAttempts:)` with the system's generator.
    public func delay(afterAttempts attempts: Int) -> Duration {
        var generator = SystemRandomNumberGenerator()
        return delay(afterAttempts: attempts, using: &generator)
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0 else { return 0 }
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let (total, sumOverflow) = whole.addingReportingOverflow(attoseconds / 1_000_000_000)
        return overflow || sumOverflow ? Int64.max : total
    }
}
