import IO

/// The decisions of a connection pool, with no I/O: events go in, actions come out.
///
/// The shell (`PostgresPool`) performs the actions — opening and closing connections, handing one to
/// a waiting task, failing a waiter — and reports their outcome back as events. Times are monotonic
/// nanoseconds passed in by the caller, so every path is testable without a clock or a database.
public struct PoolStateMachine: Sendable {
    /// Identifies a connection slot.
    public typealias ConnectionID = Int
    /// Identifies a task waiting for a connection.
    public typealias WaiterID = Int

    /// What the shell must do.
    public enum Action: Equatable, Sendable {
        /// Hand connection `connection` to `waiter`; when `check` is set, verify it with a round trip first.
        case lease(ConnectionID, to: WaiterID, check: Bool)
        /// Open a new connection in slot `connection` now.
        case connect(ConnectionID)
        /// Open a new connection in slot `connection` after `delay` nanoseconds (back-off after failures).
        case connectAfter(ConnectionID, delay: UInt64)
        /// Close connection `connection`.
        case close(ConnectionID)
        /// Fail `waiter` with the reason.
        case fail(WaiterID, Failure)
    }

    /// Why a waiter gets no connection.
    public enum Failure: Equatable, Sendable {
        case timedOut, cancelled, closed
    }

    enum State: Equatable {
        case connecting
        case idle(since: UInt64, suspect: Bool)
        case leased
    }

    struct Slot: Equatable {
        var state: State
        var openedAt: UInt64
    }

    let configuration: PoolConfiguration
    private(set) var slots: [ConnectionID: Slot] = [:]
    /// Idle connections, most recently used last (handed out first, so cold ones age out).
    private(set) var idle: [ConnectionID] = []
    private(set) var waiters: [WaiterID] = []
    private var nextConnectionID: ConnectionID = 1
    private var consecutiveConnectFailures = 0
    private(set) var isClosed = false

    /// Creates the machine for a configuration.
    public init(configuration: PoolConfiguration) {
        self.configuration = configuration
    }

    /// Counts for metrics.
    public var statistics: PoolStatistics {
        var statistics = PoolStatistics(waiting: waiters.count)
        for slot in slots.values {
            switch slot.state {
            case .connecting: statistics.connecting += 1
            case .idle: statistics.idle += 1
            case .leased: statistics.leased += 1
            }
        }
        return statistics
    }

    // MARK: Events

    /// The pool starts: open the minimum number of connections.
    public mutating func start(now: UInt64) -> [Action] {
        var actions: [Action] = []
        while slots.count < configuration.minConnections { actions.append(openSlot(now: now)) }
        return actions
    }

    /// A task asks for a connection: it gets an idle one, or waits (and the pool grows if it may).
    public mutating func acquire(_ waiter: WaiterID, now: UInt64) -> [Action] {
        guard !isClosed else { return [.fail(waiter, .closed)] }
        var actions = leaseIdle(to: waiter, now: now)
        if case .lease? = actions.last { return actions }
        waiters.append(waiter)
        actions += growIfNeeded(now: now)
        return actions
    }

    /// Leases an idle connection if there is one, without queueing the waiter otherwise.
    ///
    /// The result ends with `.lease` on success; it may hold `.close` for expired idle connections.
    /// - Parameter preferred: connections to take first if one is idle (e.g. those on the caller's event
    ///   loop, which resume it without a thread switch); only the most recently used few are searched.
    public mutating func leaseIdle(
        to waiter: WaiterID, now: UInt64, preferred: (ConnectionID) -> Bool = { _ in false }
    ) -> [Action] {
        guard !isClosed, waiters.isEmpty else { return [] }
        if let index = idle.indices.reversed().prefix(8).first(where: { preferred(idle[$0]) }) {
            idle.append(idle.remove(at: index))
        }
        var actions: [Action] = []
        while let id = idle.popLast() {
            guard case .idle(let since, let suspect)? = slots[id]?.state else { continue }
            if isExpired(id, now: now) {
                slots[id] = nil
                actions.append(.close(id))
                continue
            }
            slots[id]?.state = .leased
            let check = suspect || now &- since > configuration.checkAfterIdle.nanoseconds
            actions.append(.lease(id, to: waiter, check: check))
            break
        }
        return actions
    }

    /// A task returns a connection; `broken` closes it, `hadError` makes the next lease check it first.
    public mutating func release(_ id: ConnectionID, broken: Bool, hadError: Bool, now: UInt64) -> [Action] {
        guard slots[id] != nil else { return [] }
        if isClosed || broken || isExpired(id, now: now) {
            slots[id] = nil
            return [.close(id)] + growIfNeeded(now: now)
        }
        if !waiters.isEmpty {
            let waiter = waiters.removeFirst()
            slots[id]?.state = .leased
            return [.lease(id, to: waiter, check: hadError)]
        }
        slots[id]?.state = .idle(since: now, suspect: hadError)
        idle.append(id)
        return []
    }

    /// A connection opened.
    public mutating func connected(_ id: ConnectionID, now: UInt64) -> [Action] {
        guard slots[id] != nil else { return [.close(id)] }
        consecutiveConnectFailures = 0
        slots[id]?.openedAt = now
        if isClosed {
            slots[id] = nil
            return [.close(id)]
        }
        if !waiters.isEmpty {
            slots[id]?.state = .leased
            return [.lease(id, to: waiters.removeFirst(), check: false)]
        }
        slots[id]?.state = .idle(since: now, suspect: false)
        idle.append(id)
        return []
    }

    /// Opening a connection failed: retry with back-off while anyone needs one.
    public mutating func connectFailed(_ id: ConnectionID, now: UInt64) -> [Action] {
        slots[id] = nil
        consecutiveConnectFailures += 1
        guard !isClosed, !waiters.isEmpty || slots.count < configuration.minConnections else { return [] }
        let id = nextConnectionID
        nextConnectionID += 1
        slots[id] = Slot(state: .connecting, openedAt: now)
        return [.connectAfter(id, delay: reconnectDelay())]
    }

    /// A waiter's acquire timeout passed.
    public mutating func timedOut(_ waiter: WaiterID) -> [Action] {
        removeWaiter(waiter, .timedOut)
    }

    /// A waiter's task was cancelled.
    public mutating func cancelled(_ waiter: WaiterID) -> [Action] {
        removeWaiter(waiter, .cancelled)
    }

    /// Periodic upkeep: close idle connections past their lifetime or idle timeout, keep the minimum open.
    public mutating func tick(now: UInt64) -> [Action] {
        guard !isClosed else { return [] }
        var actions: [Action] = []
        var kept: [ConnectionID] = []
        for id in idle {
            guard case .idle(let since, _)? = slots[id]?.state else { continue }
            let idleTooLong =
                now &- since > configuration.idleTimeout.nanoseconds && slots.count > configuration.minConnections
            if isExpired(id, now: now) || idleTooLong {
                slots[id] = nil
                actions.append(.close(id))
            } else {
                kept.append(id)
            }
        }
        idle = kept
        while slots.count < configuration.minConnections { actions.append(openSlot(now: now)) }
        return actions
    }

    /// The pool closes: fail waiters, close idle connections; leased ones close when returned.
    public mutating func close() -> [Action] {
        guard !isClosed else { return [] }
        isClosed = true
        var actions = waiters.map { Action.fail($0, .closed) }
        waiters.removeAll()
        for id in idle {
            slots[id] = nil
            actions.append(.close(id))
        }
        idle.removeAll()
        return actions
    }

    /// Whether the pool is closed and every connection is gone.
    public var isDrained: Bool { isClosed && slots.values.allSatisfy { $0.state == .connecting } }

    // MARK: Helpers

    private mutating func removeWaiter(_ waiter: WaiterID, _ failure: Failure) -> [Action] {
        guard let index = waiters.firstIndex(of: waiter) else { return [] }
        waiters.remove(at: index)
        return [.fail(waiter, failure)]
    }

    /// Opens connections while waiters outnumber connections being opened and the maximum allows.
    private mutating func growIfNeeded(now: UInt64) -> [Action] {
        guard !isClosed else { return [] }
        var actions: [Action] = []
        var connecting = slots.values.filter { $0.state == .connecting }.count
        while connecting < waiters.count, slots.count < configuration.maxConnections {
            actions.append(openSlot(now: now))
            connecting += 1
        }
        return actions
    }

    private mutating func openSlot(now: UInt64) -> Action {
        let id = nextConnectionID
        nextConnectionID += 1
        slots[id] = Slot(state: .connecting, openedAt: now)
        return consecutiveConnectFailures == 0 ? .connect(id) : .connectAfter(id, delay: reconnectDelay())
    }

    private func isExpired(_ id: ConnectionID, now: UInt64) -> Bool {
        guard let slot = slots[id] else { return true }
        return now &- slot.openedAt > configuration.maxLifetime.nanoseconds
    }

    private func reconnectDelay() -> UInt64 {
        let base = configuration.reconnectDelay.nanoseconds
        let shift = min(consecutiveConnectFailures - 1, 16)
        let delay = base << UInt64(max(shift, 0))
        return min(delay, configuration.maxReconnectDelay.nanoseconds)
    }
}

/// Connection counts of a pool, for metrics.
public struct PoolStatistics: Equatable, Sendable {
    /// Connections being opened.
    public var connecting = 0
    /// Open connections waiting for work.
    public var idle = 0
    /// Connections in use.
    public var leased = 0
    /// Tasks waiting for a connection.
    public var waiting = 0

    /// Creates statistics.
    public init(connecting: Int = 0, idle: Int = 0, leased: Int = 0, waiting: Int = 0) {
        self.connecting = connecting
        self.idle = idle
        self.leased = leased
        self.waiting = waiting
    }
}
