import CLibPQ
import Glibc
import IO
import Synchronization

/// A pool of PostgreSQL connections shared by many tasks; its decisions are made by `PoolStateMachine`.
public final class PostgresPool: Sendable {
    /// How each connection is opened.
    public let configuration: PostgresConfiguration
    /// Sizing and timing.
    public let poolConfiguration: PoolConfiguration
    let group: EventLoopGroup

    struct Shell {
        var machine: PoolStateMachine
        var connections: [PoolStateMachine.ConnectionID: PostgresConnection] = [:]
        var waiters: [PoolStateMachine.WaiterID: Waiter] = [:]
        var nextWaiterID = 1
        var tickTimer: TimerID?
    }

    struct Waiter {
        let continuation: CheckedContinuation<Lease, any Error>
        var timer: TimerID?
    }

    struct Lease {
        let id: PoolStateMachine.ConnectionID
        let connection: PostgresConnection
        let check: Bool
    }

    /// An action with what the shell took out of its state under the lock.
    enum Effect {
        case resume(CheckedContinuation<Lease, any Error>, TimerID?, Result<Lease, PostgresError>)
        case connect(PoolStateMachine.ConnectionID, delay: UInt64)
        case close(PostgresConnection?)
    }

    let shell: Locked<Shell>

    /// Creates a pool and starts opening its minimum connections.
    public init(configuration: PostgresConfiguration, pool: PoolConfiguration = PoolConfiguration(), group: EventLoopGroup) {
        self.configuration = configuration
        self.poolConfiguration = pool
        self.group = group
        self.shell = Locked(Shell(machine: PoolStateMachine(configuration: pool)))
        let effects = shell.withLock { shell in
            Self.effects(for: shell.machine.start(now: System.monotonicNanoseconds()), in: &shell)
        }
        perform(effects)
        scheduleTick()
    }

    /// Current connection counts.
    public var statistics: PoolStatistics { shell.withLock { $0.machine.statistics } }

    /// Runs `body` with a connection of the pool, returning it afterwards (closed if it broke).
    public func withConnection<T>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let lease = try await acquire()
        let result: T
        do {
            result = try await body(lease.connection)
        } catch {
            release(lease, hadError: true)
            throw error
        }
        release(lease, hadError: false)
        return result
    }

    /// Runs a query on a pooled connection.
    @discardableResult
    public func query(_ query: Query) async throws -> Rows {
        try await withConnection { try await $0.query(query) }
    }

    /// Runs a statement on a pooled connection and returns how many rows it affected.
    @discardableResult
    public func execute(_ query: Query) async throws -> Int {
        try await withConnection { try await $0.execute(query) }
    }

    /// Stops handing out connections, fails waiting tasks, and closes every connection once it is returned.
    ///
    /// Returns when all connections are closed or after `timeout`.
    public func close(timeout: Duration = .seconds(10)) async {
        let effects = shell.withLock { shell in
            if let timer = shell.tickTimer { group.loops[0].cancel(timer) }
            return Self.effects(for: shell.machine.close(), in: &shell)
        }
        perform(effects)
        let deadline = System.monotonicNanoseconds() &+ timeout.nanoseconds
        while !shell.withLock({ $0.machine.isDrained }), System.monotonicNanoseconds() < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    // MARK: Acquire and release

    func acquire() async throws -> Lease {
        let deadline = System.monotonicNanoseconds() &+ poolConfiguration.acquireTimeout.nanoseconds
        while true {
            let lease = try await waitForLease(deadline: deadline)
            // An idle connection that has something to read was most likely told by the server that it
            // is going away (restart, termination): check it before trusting it to a query.
            guard lease.check || lease.connection.mayHaveBeenDropped else { return lease }
            if await lease.connection.isAlive() { return lease }
            release(lease, hadError: true, broken: true)
        }
    }

    private func waitForLease(deadline: UInt64) async throws -> Lease {
        // Fast path: an idle connection is handed over without suspending the task, preferably one on
        // the event loop the task runs on.
        let currentLoop = group.loops.first { $0.inEventLoop }
        let (waiterID, immediate): (Int, (Lease?, [Effect])) = shell.withLock { shell in
            let waiterID = shell.nextWaiterID
            shell.nextWaiterID += 1
            let actions = shell.machine.leaseIdle(to: waiterID, now: System.monotonicNanoseconds()) { id in
                shell.connections[id]?.loop === currentLoop
            }
            guard case .lease(let id, _, let check)? = actions.last, let connection = shell.connections[id] else {
                return (waiterID, (nil, Self.effects(for: actions, in: &shell)))
            }
            let lease = Lease(id: id, connection: connection, check: check)
            return (waiterID, (lease, Self.effects(for: actions.dropLast(), in: &shell)))
        }
        perform(immediate.1)
        if let lease = immediate.0 { return lease }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Lease, any Error>) in
                let now = System.monotonicNanoseconds()
                // The waiter is registered before its timer exists, so a timer that fires at once
                // (a deadline already past, a descheduled thread) still finds it.
                let effects = shell.withLock { shell in
                    shell.waiters[waiterID] = Waiter(continuation: continuation, timer: nil)
                    return Self.effects(for: shell.machine.acquire(waiterID, now: now), in: &shell)
                }
                perform(effects)
                let remaining = deadline > now ? deadline - now : 0
                let timer = group.loops[0].schedule(after: .nanoseconds(Int64(clamping: remaining))) { [weak self] in
                    self?.handle { $0.timedOut(waiterID) }
                }
                let isWaiting = shell.withLock { shell in
                    guard shell.waiters[waiterID] != nil else { return false }
                    shell.waiters[waiterID]?.timer = timer
                    return true
                }
                if !isWaiting { group.loops[0].cancel(timer) }
            }
        } onCancel: {
            handle { $0.cancelled(waiterID) }
        }
    }

    func release(_ lease: Lease, hadError: Bool, broken: Bool = false) {
        let connection = lease.connection
        let now = System.monotonicNanoseconds()
        connection.releasedAt = now
        // A connection returned inside a transaction (or mid-command) cannot be trusted to the next task.
        let isClean = connection.isUsable && PQtransactionStatus(connection.handle) == PQTRANS_IDLE
        handle { $0.release(lease.id, broken: broken || !isClean, hadError: hadError, now: now) }
    }

    // MARK: Effects

    private func handle(_ event: (inout PoolStateMachine) -> [PoolStateMachine.Action]) {
        let effects = shell.withLock { shell in Self.effects(for: event(&shell.machine), in: &shell) }
        perform(effects)
    }

    private static func effects(
        for actions: some Collection<PoolStateMachine.Action>, in shell: inout Shell
    ) -> [Effect] {
        actions.compactMap { action in
            switch action {
            case .lease(let id, let waiterID, let check):
                guard let waiter = shell.waiters.removeValue(forKey: waiterID), let connection = shell.connections[id]
                else { return nil }
                return .resume(
                    waiter.continuation, waiter.timer, .success(Lease(id: id, connection: connection, check: check)))
            case .connect(let id):
                return .connect(id, delay: 0)
            case .connectAfter(let id, let delay):
                return .connect(id, delay: delay)
            case .close(let id):
                return .close(shell.connections.removeValue(forKey: id))
            case .fail(let waiterID, let failure):
                guard let waiter = shell.waiters.removeValue(forKey: waiterID) else { return nil }
                let error: PostgresError =
                    switch failure {
                    case .timedOut: .acquireTimeout
                    case .cancelled: .connection("cancelled while waiting for a connection")
                    case .closed: .poolClosed
                    }
                return .resume(waiter.continuation, waiter.timer, .failure(error))
            }
        }
    }

    private func perform(_ effects: [Effect]) {
        for effect in effects {
            switch effect {
            case .resume(let continuation, let timer, let result):
                if let timer { group.loops[0].cancel(timer) }
                continuation.resume(with: result.mapError { $0 as any Error })
            case .connect(let id, let delay):
                if delay == 0 {
                    Task { await self.open(id) }
                } else {
                    group.loops[0].schedule(after: .nanoseconds(Int64(clamping: delay))) {
                        Task { await self.open(id) }
                    }
                }
            case .close(let connection):
                connection?.close()
            }
        }
    }

    private func open(_ id: PoolStateMachine.ConnectionID) async {
        do {
            let connection = try await PostgresConnection.connect(configuration, on: group.next())
            let effects = shell.withLock { shell in
                shell.connections[id] = connection
                return Self.effects(for: shell.machine.connected(id, now: System.monotonicNanoseconds()), in: &shell)
            }
            perform(effects)
        } catch {
            handle { $0.connectFailed(id, now: System.monotonicNanoseconds()) }
        }
    }

    private func scheduleTick() {
        let timer = group.loops[0].schedule(after: .seconds(1)) { [weak self] in
            guard let self else { return }
            self.handle { $0.tick(now: System.monotonicNanoseconds()) }
            if !self.shell.withLock({ $0.machine.isClosed }) { self.scheduleTick() }
        }
        shell.withLock { $0.tickTimer = timer }
    }
}

extension PostgresConnection {
    /// Whether a connection idle for a while has unread input (a poll with no wait), which on an idle
    /// session means the server sent a termination notice or closed it.
    ///
    /// A connection that went back to the pool within the last 20 ms is not polled: under load that
    /// saves a system call per query, and a server that went away that recently fails the query anyway.
    var mayHaveBeenDropped: Bool {
        guard System.monotonicNanoseconds() &- releasedAt > 20_000_000 else { return false }
        var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) != 0
    }

    /// Checks the connection with a round trip (an empty query), for leases after errors or long idleness.
    func isAlive() async -> Bool {
        guard isUsable else { return false }
        do {
            try await simpleQuery("")
            return true
        } catch {
            return false
        }
    }
}
