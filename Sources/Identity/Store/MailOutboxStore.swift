import Crypto
import Foundation
import Postgres
import ServiceKit

/// E-mail waiting to be sent, written in the same transaction as the change that causes it.
public struct MailOutboxStore: Sendable {
    let pool: PostgresPool
    let ids: UUIDv7Generator

    /// Creates the store.
    public init(pool: PostgresPool, ids: UUIDv7Generator) {
        self.pool = pool
        self.ids = ids
    }

    /// Queues `message` inside the caller's transaction.
    func enqueue(_ message: MailMessage, on connection: PostgresConnection) async throws {
        try await connection.execute(
            """
            INSERT INTO mail_outbox (id, recipient, subject, body)
            VALUES (\(ids.next()), \(message.recipient), \(message.subject), \(message.body))
            """)
    }

    /// The retry queue over `mail_outbox`: a claimed message is leased for two minutes, a failed one is retried
    /// after a jittered delay whose ceiling starts at 10 seconds and doubles up to an hour, and one that failed
    /// `maximumAttempts` times is given up. The body, which may hold a code or a link, is wiped once the
    /// message is sent or given up.
    public func queue(maximumAttempts: Int = 8) -> RetryQueue {
        RetryQueue(
            pool: pool,
            table: RetryQueue.Table(
                name: "mail_outbox", doneColumn: "sent_at", deadColumn: "failed_at", clearedColumns: ["body"]),
            maxAttempts: maximumAttempts, backoff: RetryBackoff(base: .seconds(10), cap: .seconds(3600)),
            lease: .seconds(120))
    }

    /// Claims up to `limit` due messages from `queue` (made by `queue(maximumAttempts:)`).
    public func claim(limit: Int, from queue: RetryQueue) async throws -> [RetryQueue.Item<MailMessage>] {
        try await queue.claim(limit: limit, columns: ["recipient", "subject", "body"]) { row in
            MailMessage(
                recipient: try row.decode(at: 0), subject: try row.decode(at: 1),
                body: try row.decode(String?.self, at: 2) ?? "")
        }
    }
}
