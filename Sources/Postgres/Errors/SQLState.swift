/// A five-character SQLSTATE code, with constants for those services map to domain errors.
public struct SQLState: Hashable, Sendable, CustomStringConvertible {
    /// The code, e.g. `23505`.
    public let code: String

    /// Wraps a code as the server reported it.
    public init(_ code: String) { self.code = code }

    /// The code's class: its first two characters (e.g. `23` for integrity constraint violations).
    public var errorClass: String { String(code.prefix(2)) }

    public var description: String { code }

    /// 23505: a unique index or constraint was violated.
    public static let uniqueViolation = SQLState("23505")
    /// 23503: a foreign key was violated.
    public static let foreignKeyViolation = SQLState("23503")
    /// 23502: a NOT NULL column got NULL.
    public static let notNullViolation = SQLState("23502")
    /// 23514: a CHECK constraint was violated.
    public static let checkViolation = SQLState("23514")
    /// 23P01: an exclusion constraint was violated.
    public static let exclusionViolation = SQLState("23P01")
    /// 40001: a serializable transaction could not be serialized; retry it.
    public static let serializationFailure = SQLState("40001")
    /// 40P01: a deadlock was detected; retry the transaction.
    public static let deadlockDetected = SQLState("40P01")
    /// 55P03: a lock could not be taken (NOWAIT).
    public static let lockNotAvailable = SQLState("55P03")
    /// 57014: the statement was cancelled, e.g. by `statement_timeout`.
    public static let queryCanceled = SQLState("57014")
    /// 57P01: the server is shutting down and terminated the session.
    public static let adminShutdown = SQLState("57P01")
    /// 22P02: a value's text was not valid for its type.
    public static let invalidTextRepresentation = SQLState("22P02")
    /// 22001: a string was too long for its column.
    public static let stringDataRightTruncation = SQLState("22001")
    /// 22003: a number was out of range for its type.
    public static let numericValueOutOfRange = SQLState("22003")
    /// 42P01: the relation does not exist.
    public static let undefinedTable = SQLState("42P01")
    /// 42703: the column does not exist.
    public static let undefinedColumn = SQLState("42703")
    /// 42601: a syntax error.
    public static let syntaxError = SQLState("42601")
    /// 42501: the role lacks the privilege.
    public static let insufficientPrivilege = SQLState("42501")
    /// 0A000: feature not supported — also what a prepared statement whose result type changed reports.
    public static let featureNotSupported = SQLState("0A000")
    /// 26000: the prepared statement does not exist (e.g. after `DISCARD ALL` by a pooler).
    public static let invalidSQLStatementName = SQLState("26000")
}
