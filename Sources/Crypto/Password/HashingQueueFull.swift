/// `PasswordHasher` refused a derivation because as much work as it may queue is already waiting for a thread.
///
/// It is thrown at once, before any work, so the caller can answer "busy, try again" (503 with `Retry-After`)
/// instead of letting the request wait behind seconds of hashing.
public struct HashingQueueFull: Error, CustomStringConvertible, Sendable, Equatable {
    /// About how long until the queue has drained enough to take the derivation, at least one second.
    public let retryAfter: Duration

    /// Creates the error; `retryAfter` is rounded up to whole seconds, at least one.
    public init(retryAfter: Duration) {
        let seconds = retryAfter.components.seconds + (retryAfter.components.attoseconds > 0 ? 1 : 0)
        self.retryAfter = .seconds(max(1, seconds))
    }

    /// `retryAfter` in whole seconds, for a `Retry-After` field.
    public var retryAfterSeconds: Int { Int(retryAfter.components.seconds) }

    /// A short explanation that is safe to show to a client.
    public var description: String { "password hashing is at capacity; retry in \(retryAfterSeconds) s" }
}
