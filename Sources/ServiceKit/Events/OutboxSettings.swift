/// How an `OutboxDispatcher` works: polling, retries, leases, concurrency and retention.
///
/// | variable | default |
/// |---|---|
/// | `<SERVICE>_OUTBOX_POLL_INTERVAL` | `250ms` (the wait when there was nothing to do) |
/// | `<SERVICE>_OUTBOX_MAX_ATTEMPTS` | 15 (then the delivery is dead-lettered) |
public struct OutboxSettings: Sendable, Equatable {
    /// How long to wait when the last pass found nothing to do.
    public var pollInterval: Duration = .milliseconds(250)
    /// Attempts per delivery before it is dead-lettered.
    public var maxAttempts = 15
    /// Delays between attempts.
    public var backoff = RetryBackoff(base: .seconds(1), cap: .seconds(600))
    /// How long a claimed delivery is not handed to another dispatcher; longer than `requestTimeout`, so a
    /// delivery is POSTed by one dispatcher at a time, and short enough that a crashed one is soon replaced.
    public var lease: Duration = .seconds(30)
    /// The longest a subscriber may take to answer one delivery.
    public var requestTimeout: Duration = .seconds(10)
    /// Events published, and deliveries claimed, per pass.
    public var batchSize = 100
    /// Deliveries in flight at once.
    public var concurrency = 8
    /// How long events delivered everywhere (or to no one) are kept.
    public var outboxRetention: Duration = .seconds(7 * 86400)
    /// How long the ids of applied events are kept in the inbox.
    public var inboxRetention: Duration = .seconds(30 * 86400)
    /// How often the retention clean-up runs at most.
    public var retentionInterval: Duration = .seconds(3600)

    /// The defaults.
    public init() {}

    /// Reads `<SERVICE>_OUTBOX_*` (see the table); problems are collected in `reader`.
    public init(service: String, reader: inout ConfigurationReader) {
        let prefix = service.uppercased() + "_OUTBOX_"
        pollInterval = reader.duration(prefix + "POLL_INTERVAL", default: pollInterval)
        maxAttempts = reader.int(prefix + "MAX_ATTEMPTS", default: maxAttempts, range: 1...1000)
    }
}
