/// The bookkeeping of one origin's connection pool as a value: leases, releases and waiters in, actions
/// out. The shell owns the sockets and the waiting tasks.
struct PoolStateMachine<Connection> {
    /// What a lease should do.
    enum LeaseAction {
        /// Use this idle connection.
        case reuse(Connection)
        /// Open a new connection (a slot has been reserved).
        case connect
        /// Wait: the waiter `id` will be handed a connection or told to connect.
        case wait(id: Int)
    }

    /// What happens after a connection comes back or fails.
    enum ReturnAction {
        /// Nothing more to do (the connection, if any, is parked).
        case none
        /// Give the connection to the waiter.
        case handOver(Connection, waiter: Int)
        /// Close the connection.
        case close(Connection)
        /// Close the connection (if any) and tell the waiter to open a new one in its slot.
        case closeAndConnect(Connection?, waiter: Int)
    }

    let maxConnections: Int
    private var idle: [(connection: Connection, since: UInt64)] = []
    private var waiters: [Int] = []
    private var nextWaiterID = 0
    private(set) var openCount = 0
    private(set) var isShutDown = false

    init(maxConnections: Int) {
        self.maxConnections = max(1, maxConnections)
    }

    /// The number of idle connections.
    var idleCount: Int { idle.count }

    /// Leases a connection: the most recently used idle one, a new one, or a place in the queue.
    mutating func lease() -> LeaseAction {
        if let last = idle.popLast() { return .reuse(last.connection) }
        if openCount < maxConnections {
            openCount += 1
            return .connect
        }
        nextWaiterID += 1
        waiters.append(nextWaiterID)
        return .wait(id: nextWaiterID)
    }

    /// Takes back a leased connection; `isReusable` is false after errors or `Connection: close`.
    mutating func release(_ connection: Connection, isReusable: Bool, now: UInt64) -> ReturnAction {
        if isReusable, !isShutDown {
            if !waiters.isEmpty { return .handOver(connection, waiter: waiters.removeFirst()) }
            idle.append((connection, now))
            return .none
        }
        openCount -= 1
        if let waiter = nextWaiterForNewSlot() { return .closeAndConnect(connection, waiter: waiter) }
        return .close(connection)
    }

    /// Frees the slot of a connection that could not be opened (or was discarded unused).
    mutating func connectionFailed() -> ReturnAction {
        openCount -= 1
        if let waiter = nextWaiterForNewSlot() { return .closeAndConnect(nil, waiter: waiter) }
        return .none
    }

    private mutating func nextWaiterForNewSlot() -> Int? {
        guard !waiters.isEmpty, openCount < maxConnections, !isShutDown else { return nil }
        openCount += 1
        return waiters.removeFirst()
    }

    /// Removes a waiter that gave up; returns whether it was still waiting.
    mutating func cancelWaiter(_ id: Int) -> Bool {
        guard let index = waiters.firstIndex(of: id) else { return false }
        waiters.remove(at: index)
        return true
    }

    /// Removes idle connections parked before `cutoff` and returns them for closing.
    mutating func pruneIdle(before cutoff: UInt64) -> [Connection] {
        let expired = idle.filter { $0.since < cutoff }.map(\.connection)
        idle.removeAll { $0.since < cutoff }
        openCount -= expired.count
        return expired
    }

    /// Stops the pool: returns idle connections to close and waiters to fail.
    mutating func shutdown() -> (idle: [Connection], waiters: [Int]) {
        isShutDown = true
        let connections = idle.map(\.connection)
        openCount -= connections.count
        idle = []
        defer { waiters = [] }
        return (connections, waiters)
    }
}
