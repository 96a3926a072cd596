/// Sizing and timing of a `PostgresPool`.
public struct PoolConfiguration: Sendable, Equatable {
    /// Connections kept open even when idle.
    public var minConnections: Int = 1
    /// The most connections open at once.
    public var maxConnections: Int = 10
    /// How long `acquire` waits for a connection before failing with `PostgresError.acquireTimeout`.
    public var acquireTimeout: Duration = .seconds(5)
    /// Connections older than this are closed when returned or found idle, so load spreads after failovers.
    public var maxLifetime: Duration = .seconds(30 * 60)
    /// Idle connections above the minimum are closed after this long.
    public var idleTimeout: Duration = .seconds(5 * 60)
    /// A connection idle for longer than this is checked with a round trip before it is handed out.
    public var checkAfterIdle: Duration = .seconds(1)
    /// First delay before reconnecting after a failed connect; doubles up to `maxReconnectDelay`.
    public var reconnectDelay: Duration = .milliseconds(50)
    /// The longest delay between reconnect attempts.
    public var maxReconnectDelay: Duration = .seconds(2)

    /// Creates a configuration; every value has a default.
    public init(minConnections: Int = 1, maxConnections: Int = 10, acquireTimeout: Duration = .seconds(5)) {
        precondition(maxConnections >= 1 && minConnections >= 0 && minConnections <= maxConnections)
        self.minConnections = minConnections
        self.maxConnections = maxConnections
        self.acquireTimeout = acquireTimeout
    }
}
