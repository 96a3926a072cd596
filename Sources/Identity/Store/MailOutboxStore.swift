import Crypto
import Foundation
import Postgres

/// E-mail waiting to be sent, written in the same transaction as the change that causes it.
public struct MailOutboxStore: Sendable {
    let pool: PostgresPool
    let ids: UUIDv7Generator

    /// Creates the store.
    public init(pool: PostgresPool, ids: UUIDv7Generator) {
        self.pool = pool
        self.ids = ids
    }

    /// A message claimed for sending.
    public struct Pending: Sendable {
        /// The row id.
        public var id: UUID
        /// The message.
        public var message: MailMessage
        /// Earlier failed attempts.
        public var attempts: Int
    }

    /// Queues `message` inside the caller's transaction.
    func enqueue(_ message: MailMessage, on connection: PostgresConnection) async throws {
        try await connection.execute(
            """
            INSERT INTO mail_outbox (id, recipient, subject, body)
            VALUES (\(ids.next()), \(message.recipient), \(message.subject), \(message.body))
            """)
    }

    /// Claims up to `limit` due messages for `leaseSeconds`: other replicas skip them meanwhile, and if this
    /// process dies they become due again when the lease ends.
    public func claim(limit: Int, leaseSeconds: Int) async throws -> [Pending] {
        try await pool.withTransaction { connection in
            let rows = try await connection.query(
                """
                UPDATE mail_outbox SET next_attempt_at = now() + make_interval(secs => \(leaseSeconds))
                WHERE id IN (
                    SELECT id FROM mail_outbox
                    WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= now()
                    ORDER BY next_attempt_at LIMIT \(limit) FOR UPDATE SKIP LOCKED)
                RETURNING id, recipient, subject, body, attempts
                """)
            return try rows.map { row in
                Pending(
                    id: try row.decode(at: 0),
                    message: MailMessage(
                        recipient: try row.decode(at: 1), subject: try row.decode(at: 2),
                        body: try row.decode(String?.self, at: 3) ?? ""),
                    attempts: try row.decode(at: 4))
            }
        }
    }

    /// Marks a message sent and wipes its body, which may hold a code or a link.
    public func markSent(_ id: UUID) async throws {
        try await pool.execute(
            "UPDATE mail_outbox SET sent_at = now(), body = NULL, last_error = NULL WHERE id = \(id)")
    }

    /// Schedules another attempt after `delaySeconds`, or gives up (body wiped) when `isFinal`.
    public func markFailed(_ id: UUID, error: String, delaySeconds: Int, isFinal: Bool) async throws {
        try await pool.execute(
            """
            UPDATE mail_outbox SET attempts = attempts + 1, last_error = \(String(error.prefix(500))),
                next_attempt_at = now() + make_interval(secs => \(delaySeconds)),
                failed_at = CASE WHEN \(isFinal) THEN now() END,
                body = CASE WHEN \(isFinal) THEN NULL ELSE body END
            WHERE id = \(id)
            """)
    }
}
