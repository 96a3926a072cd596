/// The PostgreSQL layer: libpq driven without blocking, on the shared epoll event loop.
///
/// A `PostgresConnection` owns one `PGconn` in non-blocking mode. A query is sent with
/// `PQsendQueryPrepared` (or `PQsendQueryParams`/`PQsendPrepare`), flushed with `PQflush`, and its
/// result collected with `PQconsumeInput`/`PQisBusy`/`PQgetResult`; whenever libpq would block, the task
/// awaits socket readiness from the connection's `EventLoop` (`wait(for:on:)`), so no thread ever sits in
/// a blocking read and thousands of tasks can share a few connections. Opening a connection follows
/// libpq's `PQconnectPoll` protocol the same way, so TLS and every libpq setting work as libpq does them.
///
/// Binds go as text with explicit type OIDs (`Query`), results come back in binary and are decoded by
/// `PostgresDecodable`. Each connection keeps a cache of named prepared statements (named by a hash of
/// their SQL and parameter types), so a hot query is parsed once per connection.
///
/// `PostgresPool` hands connections to tasks (its logic is `PoolStateMachine`), `withTransaction` wraps
/// work in BEGIN/COMMIT/ROLLBACK, `PostgresListener` follows LISTEN/NOTIFY, and `Migrator` applies the
/// numbered SQL files of a schema. libpq types never leave this module.
import CLibPQ
import IO

/// One non-blocking libpq connection. Not for concurrent use: a pool lease or a single task owns it.
public final class PostgresConnection: @unchecked Sendable {
    // Owned by one task at a time (a pool lease), so its mutable state needs no lock.
    let handle: OpaquePointer
    let loop: EventLoop
    var socket: Int32
    var statements = StatementCache()
    /// When the pool last got it back (monotonic nanoseconds).
    var releasedAt: UInt64 = 0
    /// Whether the connection failed and must not be reused.
    public private(set) var isBroken = false
    private var isClosed = false

    private init(handle: OpaquePointer, loop: EventLoop) {
        self.handle = handle
        self.loop = loop
        self.socket = PQsocket(handle)
    }

    deinit { close() }

    /// Opens a connection, driving libpq's connect protocol on `loop` without blocking.
    public static func connect(_ configuration: PostgresConfiguration, on loop: EventLoop) async throws(PostgresError)
        -> PostgresConnection
    {
        let parameters = configuration.parameters
        let handle = withCStrings(parameters.map(\.0)) { keywords in
            withCStrings(parameters.map(\.1)) { values in
                PQconnectStartParams(keywords, values, 1)
            }
        }
        guard let handle else { throw PostgresError.connection("out of memory") }
        guard PQstatus(handle) != CONNECTION_BAD else {
            defer { PQfinish(handle) }
            throw PostgresError.connection(errorMessage(handle))
        }
        let deadline = System.monotonicNanoseconds() &+ configuration.connectTimeout.nanoseconds
        var lastSocket: Int32 = -1
        var status = PGRES_POLLING_WRITING
        while status != PGRES_POLLING_OK {
            let socket = PQsocket(handle)
            lastSocket = socket
            do {
                switch status {
                case PGRES_POLLING_READING: _ = try await loop.wait(for: .readable, on: socket, deadline: deadline)
                case PGRES_POLLING_WRITING: _ = try await loop.wait(for: .writable, on: socket, deadline: deadline)
                default:
                    loop.deregister(socket)
                    defer { PQfinish(handle) }
                    throw PostgresError.connection(errorMessage(handle))
                }
            } catch let error as PostgresError {
                throw error
            } catch {
                if lastSocket >= 0 { loop.deregister(lastSocket) }
                PQfinish(handle)
                throw PostgresError.connection(error is EventLoopError ? "connect timed out" : "\(error)")
            }
            status = PQconnectPoll(handle)
        }
        // Server notices (e.g. "drop cascades to …") are not errors; keep them off the process's stderr.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
        guard PQsetnonblocking(handle, 1) == 0 else {
            loop.deregister(PQsocket(handle))
            defer { PQfinish(handle) }
            throw PostgresError.connection(errorMessage(handle))
        }
        return PostgresConnection(handle: handle, loop: loop)
    }

    /// The server's version number, e.g. 150018.
    public var serverVersion: Int { Int(PQserverVersion(handle)) }

    /// The server process id serving this session (`pg_backend_pid()`).
    public var backendPID: Int32 { PQbackendPID(handle) }

    /// Whether libpq still considers the connection usable.
    public var isUsable: Bool { !isBroken && !isClosed && PQstatus(handle) == CONNECTION_OK }

    /// Closes the connection; idempotent.
    public func close() {
        guard !isClosed else { return }
        isClosed = true
        isBroken = true
        if socket >= 0 { loop.deregister(socket) }
        PQfinish(handle)
    }

    func markBroken() { isBroken = true }

    static func errorMessage(_ handle: OpaquePointer) -> String {
        String(cString: PQerrorMessage(handle)).trimmingWhitespace()
    }
}

/// Calls `body` with a NULL-terminated array of C strings that live for the duration of the call.
func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    var storage = [CChar]()
    var offsets: [Int] = []
    for string in strings {
        offsets.append(storage.count)
        storage.append(contentsOf: string.utf8CString)
    }
    return storage.withUnsafeBufferPointer { buffer in
        var pointers: [UnsafePointer<CChar>?] = offsets.map { buffer.baseAddress! + $0 }
        pointers.append(nil)
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}
