import HTTP

/// The outcome of one hit: whether it is allowed, and the `RateLimit-*` fields that describe the window.
public struct RateLimitDecision: Sendable, Equatable {
    /// Whether the hit is within the limit.
    public var isAllowed: Bool
    /// The policy's limit.
    public var limit: Int
    /// Hits left in this window.
    public var remaining: Int
    /// Seconds until the window resets.
    public var resetSeconds: Int

    /// Creates a decision.
    public init(isAllowed: Bool, limit: Int, remaining: Int, resetSeconds: Int) {
        self.isAllowed = isAllowed
        self.limit = limit
        self.remaining = remaining
        self.resetSeconds = resetSeconds
    }

    /// `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`.
    public var headers: HTTPHeaders {
        [
            "RateLimit-Limit": String(limit), "RateLimit-Remaining": String(remaining),
            "RateLimit-Reset": String(resetSeconds),
        ]
    }

    /// Throws a 429 with `Retry-After` and the `RateLimit-*` fields unless the hit is allowed.
    public func enforce() throws {
        if !isAllowed { throw ServiceError.tooManyRequests(retryAfterSeconds: resetSeconds, headers: headers) }
    }
}
