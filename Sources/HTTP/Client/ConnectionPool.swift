import IO
import Synchronization

/// The keep-alive connections to one origin: a `PoolStateMachine` behind a mutex, plus the waiting tasks.
final class ConnectionPool: Sendable {
    private enum Grant {
        case connection(ClientConnection)
        case connect
    }

    private struct State {
        var machine: PoolStateMachine<ClientConnection>
        var waiters: [Int: CheckedContinuation<Grant, any Error>] = [:]
    }

    let origin: Origin
    private let state: Mutex<State>
    private let group: EventLoopGroup
    private let tlsContext: TLSContext?
    private let idleTimeout: UInt64

    init(origin: Origin, maxConnections: Int, idleTimeout: Duration, group: EventLoopGroup, tlsContext: TLSContext?) {
        self.origin = origin
        self.state = Mutex(State(machine: PoolStateMachine(maxConnections: maxConnections)))
        self.group = group
        self.tlsContext = tlsContext
        self.idleTimeout = idleTimeout.nanoseconds
    }

    /// Runs `body` with a leased connection, returning it to the pool (or closing it) afterwards.
    func withConnection<T: Sendable>(
        connectDeadline: UInt64, _ body: (ClientConnection) async throws -> (T, isReusable: Bool)
    ) async throws -> T {
        let connection = try await lease(connectDeadline: connectDeadline)
        let result: T
        let isReusable: Bool
        do {
            (result, isReusable) = try await body(connection)
        } catch {
            release(connection, isReusable: false)
            throw error
        }
        release(connection, isReusable: isReusable)
        return result
    }

    private func lease(connectDeadline: UInt64) async throws -> ClientConnection {
        while true {
            let now = System.monotonicNanoseconds()
            let (action, expired) = state.withLock {
                state -> (PoolStateMachine<ClientConnection>.LeaseAction?, [ClientConnection]) in
                if state.machine.isShutDown { return (nil, []) }
                let expired = state.machine.pruneIdle(before: now &- idleTimeout)
                return (state.machine.lease(), expired)
            }
            for connection in expired { connection.close() }
            guard let action else { throw HTTPClientError.shutDown }
            switch action {
            case .reuse(let connection):
                if !connection.isStale { return connection }
                release(connection, isReusable: false)
            case .connect:
                return try await connect(deadline: connectDeadline)
            case .wait(let id):
                let grant = try await withCheckedThrowingContinuation { continuation in
                    state.withLock { $0.waiters[id] = continuation }
                }
                switch grant {
                case .connection(let connection):
                    if !connection.isStale { return connection }
                    release(connection, isReusable: false)
                case .connect:
                    return try await connect(deadline: connectDeadline)
                }
            }
        }
    }

    private func connect(deadline: UInt64) async throws -> ClientConnection {
        do {
            return try await ClientConnection.connect(
                to: origin, loop: group.next(), tlsContext: tlsContext, deadline: deadline)
        } catch {
            perform(state.withLock { $0.machine.connectionFailed() })
            throw error
        }
    }

    private func release(_ connection: ClientConnection, isReusable: Bool) {
        let now = System.monotonicNanoseconds()
        perform(state.withLock { $0.machine.release(connection, isReusable: isReusable, now: now) })
    }

    private func perform(_ action: PoolStateMachine<ClientConnection>.ReturnAction) {
        switch action {
        case .none:
            break
        case .close(let connection):
            connection.close()
        case .handOver(let connection, let waiter):
            state.withLock { $0.waiters.removeValue(forKey: waiter) }?.resume(returning: .connection(connection))
        case .closeAndConnect(let connection, let waiter):
            connection?.close()
            state.withLock { $0.waiters.removeValue(forKey: waiter) }?.resume(returning: .connect)
        }
    }

    /// Closes idle connections and fails waiting requests.
    func shutdown() {
        let (idle, continuations) = state.withLock { state in
            let (idle, waiters) = state.machine.shutdown()
            return (idle, waiters.compactMap { state.waiters.removeValue(forKey: $0) })
        }
        for connection in idle { connection.close() }
        for continuation in continuations { continuation.resume(throwing: HTTPClientError.shutDown) }
    }
}
