/// A transaction isolation level.
public enum IsolationLevel: String, Sendable {
    /// PostgreSQL's default.
    case readCommitted = "READ COMMITTED"
    /// Snapshot isolation.
    case repeatableRead = "REPEATABLE READ"
    /// Full serializability; commits may fail with 40001 and should be retried.
    case serializable = "SERIALIZABLE"
}
