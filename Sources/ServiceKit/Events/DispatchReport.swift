/// What one pass of an `OutboxDispatcher` did.
public struct DispatchReport: Sendable, Equatable {
    /// Events given their deliveries (or marked published when no one subscribes).
    public var published = 0
    /// Deliveries claimed and attempted.
    public var claimed = 0
    /// Deliveries the subscriber accepted.
    public var delivered = 0
    /// Deliveries that failed and will be retried.
    public var retried = 0
    /// Deliveries dead-lettered.
    public var dead = 0
    /// Outbox rows deleted by the retention clean-up, when it ran.
    public var outboxDeleted = 0
    /// Inbox rows deleted by the retention clean-up, when it ran.
    public var inboxDeleted = 0
    /// Whether a batch was full, so more work is probably waiting.
    public var isBatchFull = false

    /// Creates an empty report.
    public init() {}
}
