import CLibPQ
import IO
import Synchronization

/// A notification delivered by `NOTIFY`.
public struct PostgresNotification: Sendable, Equatable {
    /// The channel it was sent on.
    public let channel: String
    /// Its payload (may be empty).
    public let payload: String
    /// The sending backend's process id.
    public let senderPID: Int32
}

/// Follows LISTEN channels on a dedicated connection, reconnecting (and listening again) after failures.
///
/// Notifications sent while the connection was down are lost, as with any LISTEN; consumers that
/// must not miss work should treat a notification as a hint and re-read their table after `reconnected`.
public final class PostgresListener: Sendable {
    /// The notifications, in arrival order; finishes when the listener stops.
    public let notifications: AsyncStream<PostgresNotification>
    private let continuation: AsyncStream<PostgresNotification>.Continuation
    private let configuration: PostgresConfiguration
    private let channels: [String]
    private let loop: EventLoop
    private let state = Mutex<(task: Task<Void, Never>?, connection: PostgresConnection?, isStopped: Bool)>((nil, nil, false))
    /// How many times the listener has (re)connected and issued its LISTENs.
    public var connectionCount: Int { counter.load(ordering: .relaxed) }
    private let counter = Atomic<Int>(0)

    /// Starts listening on `channels`.
    public init(configuration: PostgresConfiguration, channels: [String], loop: EventLoop) {
        self.configuration = configuration
        self.channels = channels
        self.loop = loop
        (notifications, continuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(10_000))
        let task = Task { [weak self] in
            guard let self else { return }
            await self.run()
        }
        state.withLock { $0.task = task }
    }

    /// Stops listening and finishes `notifications`.
    public func stop() {
        let (task, connection) = state.withLock { state in
            state.isStopped = true
            return (state.task, state.connection)
        }
        task?.cancel()
        // Wakes the listening task with an error; it closes the connection itself on the way out.
        if let connection { loop.deregister(connection.socket) }
        continuation.finish()
    }

    private var isStopped: Bool { state.withLock { $0.isStopped } }

    private func run() async {
        var delay: Duration = .milliseconds(50)
        while !isStopped {
            var current: PostgresConnection?
            defer { current?.close() }
            do {
                let connection = try await PostgresConnection.connect(configuration, on: loop)
                current = connection
                let stopped = state.withLock { state in
                    state.connection = connection
                    return state.isStopped
                }
                if stopped { return }
                for channel in channels {
                    try await connection.simpleQuery("LISTEN \(Query.quoteIdentifier(channel))")
                }
                counter.add(1, ordering: .relaxed)
                delay = .milliseconds(50)
                while true {
                    for notification in try await connection.nextNotifications() {
                        continuation.yield(notification)
                    }
                }
            } catch {
                if isStopped { return }
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(2))
            }
        }
    }
}

extension PostgresConnection {
    /// Waits for input and returns the notifications it carried (possibly none).
    func nextNotifications() async throws(PostgresError) -> [PostgresNotification] {
        var received: [PostgresNotification] = []
        while let notify = PQnotifies(handle) {
            received.append(Self.notification(notify))
        }
        if !received.isEmpty { return received }
        try await waitForInput(sql: "LISTEN")
        if PQstatus(handle) != CONNECTION_OK {
            markBroken()
            throw PostgresError.connection("the listening connection closed")
        }
        while let notify = PQnotifies(handle) {
            received.append(Self.notification(notify))
        }
        return received
    }

    private static func notification(_ notify: UnsafeMutablePointer<PGnotify>) -> PostgresNotification {
        defer { PQfreemem(notify) }
        return PostgresNotification(
            channel: String(cString: notify.pointee.relname),
            payload: String(cString: notify.pointee.extra),
            senderPID: notify.pointee.be_pid
        )
    }
}
