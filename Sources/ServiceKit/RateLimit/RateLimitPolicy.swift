/// How many hits a key may make in a fixed window, e.g. 5 codes per e-mail per 10 minutes.
public struct RateLimitPolicy: Sendable, Equatable {
    /// A short name that prefixes keys, e.g. `otp-email`.
    public var name: String
    /// The most hits per window.
    public var limit: Int
    /// The window's length in whole seconds.
    public var windowSeconds: Int

    /// Creates a policy.
    public init(name: String, limit: Int, window: Duration) {
        precondition(limit > 0 && window >= .seconds(1))
        self.name = name
        self.limit = limit
        self.windowSeconds = Int(window.components.seconds)
    }
}
