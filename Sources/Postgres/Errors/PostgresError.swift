/// An error from the PostgreSQL layer.
///
/// `description` is safe to show to anyone: it names the kind of failure and the SQLSTATE, never
/// the server's message, detail or bind values (which may hold personal data). `debugDescription`
/// adds the message, detail, constraint and query text for logs.
public struct PostgresError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    private enum Kind: Sendable, Equatable {
        case connection
        case server
        case decoding
        case acquireTimeout
        case poolClosed
        case unsupported
        case invalidBind
    }

    private let kind: Kind
    /// The five-character SQLSTATE reported by the server, when it sent one.
    public let sqlState: SQLState?
    /// The server's (or libpq's) primary message; may contain data, so keep it in logs.
    public let message: String
    /// The server's detail line; may contain data, so keep it in logs.
    public let detail: String?
    /// The name of the violated constraint, for integrity errors.
    public let constraint: String?
    /// The SQL text of the failed query (never its bind values).
    public let query: String?
    /// The column a decoding error is about.
    public let column: String?

    private init(
        _ kind: Kind, sqlState: SQLState? = nil, message: String, detail: String? = nil,
        constraint: String? = nil, query: String? = nil, column: String? = nil
    ) {
        self.kind = kind
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
        self.constraint = constraint
        self.query = query
        self.column = column
    }

    /// The connection could not be opened, or broke while in use.
    public static func connection(_ message: String) -> PostgresError {
        PostgresError(.connection, message: message)
    }

    /// The server answered a query with an error.
    public static func server(
        sqlState: SQLState?, message: String, detail: String?, constraint: String?, query: String?
    ) -> PostgresError {
        PostgresError(.server, sqlState: sqlState, message: message, detail: detail, constraint: constraint, query: query)
    }

    /// A value could not be decoded into the requested Swift type.
    public static func decoding(column: String, _ message: String) -> PostgresError {
        PostgresError(.decoding, message: message, column: column)
    }

    /// No connection became free before the pool's acquire timeout.
    public static let acquireTimeout = PostgresError(.acquireTimeout, message: "timed out waiting for a connection")
    /// The pool was closed.
    public static let poolClosed = PostgresError(.poolClosed, message: "the pool is closed")

    /// The layer was asked for something it does not do (e.g. a multi-dimensional array).
    public static func unsupported(_ message: String) -> PostgresError {
        PostgresError(.unsupported, message: message)
    }

    /// A bind value PostgreSQL cannot hold as given: text with a NUL character, which libpq's C strings would cut
    /// short. The query is not sent, so nothing is stored truncated.
    public static func nulInBind(parameter: Int) -> PostgresError {
        PostgresError(.invalidBind, message: "parameter $\(parameter) contains a NUL character")
    }

    /// Whether a bind value was refused before sending (see `nulInBind`).
    public var isInvalidBind: Bool { kind == .invalidBind }

    /// Whether the connection is unusable (opening it failed or it broke).
    public var isConnectionFailure: Bool { kind == .connection }
    /// Whether this is the pool's acquire timeout, which a service answers with 503.
    public var isAcquireTimeout: Bool { kind == .acquireTimeout }
    /// Whether the pool was closed.
    public var isPoolClosed: Bool { kind == .poolClosed }
    /// Whether this is a decoding error.
    public var isDecodingFailure: Bool { kind == .decoding }
    /// Whether retrying the whole transaction may succeed (serialization failure or deadlock).
    public var isRetryableTransactionFailure: Bool {
        sqlState == .serializationFailure || sqlState == .deadlockDetected
    }

    /// Returns the same error with the query text attached.
    func with(query: String) -> PostgresError {
        PostgresError(
            kind, sqlState: sqlState, message: message, detail: detail, constraint: constraint, query: query,
            column: column)
    }

    public var description: String {
        switch kind {
        case .connection: "PostgreSQL connection failure"
        case .server: "PostgreSQL error \(sqlState?.code ?? "?????")"
        case .decoding: "cannot decode column \(column ?? "?")"
        case .acquireTimeout: "timed out waiting for a database connection"
        case .poolClosed: "the database pool is closed"
        case .unsupported: "unsupported PostgreSQL operation"
        case .invalidBind: "a bind value PostgreSQL cannot hold"
        }
    }

    public var debugDescription: String {
        var parts = [description + ": " + message]
        if let detail { parts.append("detail: \(detail)") }
        if let constraint { parts.append("constraint: \(constraint)") }
        if let query { parts.append("query: \(query)") }
        return parts.joined(separator: "; ")
    }
}
