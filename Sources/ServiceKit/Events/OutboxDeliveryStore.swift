import Foundation
import Postgres
import Time

/// The SQL of the dispatcher and the admin routes over `outbox`, `outbox_deliveries` and `inbox`.
///
/// Every step is safe with many dispatchers on one schema: rows are taken with `FOR UPDATE SKIP LOCKED`, and
/// no transaction stays open while a subscriber is called.
struct OutboxDeliveryStore: Sendable {
    let pool: PostgresPool

    /// Takes up to `limit` unpublished events, creates one delivery per matching subscription and marks them
    /// published, in one transaction. Returns how many events were published.
    func publish(limit: Int, subscriptions: [EventSubscription]) async throws -> Int {
        try await pool.withTransaction { connection in
            let events = try await connection.query(
                """
                SELECT id, topic FROM outbox WHERE published_at IS NULL
                ORDER BY id LIMIT \(limit) FOR UPDATE SKIP LOCKED
                """
            ).decode((UUID, String).self)
            guard !events.isEmpty else { return 0 }
            var eventIDs: [UUID] = []
            var subscribers: [String] = []
            for (id, topic) in events {
                for subscription in subscriptions where subscription.matches(topic) {
                    eventIDs.append(id)
                    subscribers.append(subscription.subscriber)
                }
            }
            if !eventIDs.isEmpty {
                try await connection.execute(
                    """
                    INSERT INTO outbox_deliveries (event_id, subscriber)
                    SELECT event_id, subscriber FROM unnest(\(eventIDs), \(subscribers)) AS d (event_id, subscriber)
                    ON CONFLICT (event_id, subscriber) DO NOTHING
                    """)
            }
            try await connection.execute(
                "UPDATE outbox SET published_at = now() WHERE id = ANY(\(events.map(\.0)))")
            return events.count
        }
    }

    /// Claims up to `limit` due deliveries: each gets one more attempt and is not due again until `lease`
    /// has passed (when the dispatcher died before recording an outcome).
    func claim(limit: Int, lease: Duration) async throws -> [ClaimedDelivery] {
        // One statement, so one short transaction: the row locks end when it does, before any HTTP call.
        try await pool.query(
            """
            UPDATE outbox_deliveries AS d
            SET attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => \(Self.seconds(lease)))
            FROM (
                SELECT event_id, subscriber FROM outbox_deliveries
                WHERE delivered_at IS NULL AND dead_at IS NULL AND next_attempt_at <= now()
                ORDER BY next_attempt_at LIMIT \(limit) FOR UPDATE SKIP LOCKED
            ) AS due, outbox AS o
            WHERE d.event_id = due.event_id AND d.subscriber = due.subscriber AND o.id = d.event_id
            RETURNING d.event_id, d.subscriber, d.attempts, o.topic, o.payload::text, o.created_at
            """
        ).map { row in
            ClaimedDelivery(
                eventID: try row.decode(at: 0), subscriber: try row.decode(at: 1), attempts: try row.decode(at: 2),
                topic: try row.decode(at: 3), payload: Data(try row.decode(String.self, at: 4).utf8),
                createdAt: try row.decode(at: 5))
        }
    }

    /// Records that the subscriber accepted `delivery`. A claim that lost its lease to another dispatcher, or was
    /// replayed meanwhile, changes nothing (its `attempts` no longer match).
    func markDelivered(_ delivery: ClaimedDelivery) async throws {
        try await pool.execute(
            """
            UPDATE outbox_deliveries SET delivered_at = now(), last_error = NULL
            WHERE event_id = \(delivery.eventID) AND subscriber = \(delivery.subscriber)
              AND attempts = \(delivery.attempts) AND delivered_at IS NULL AND dead_at IS NULL
            """)
    }

    /// Records a failed attempt: due again after `retryAfter`, or dead-lettered when it is `nil`.
    func markFailed(_ delivery: ClaimedDelivery, error: String, retryAfter: Duration?) async throws {
        let delay = retryAfter.map(Self.seconds)
        try await pool.execute(
            """
            UPDATE outbox_deliveries SET last_error = \(String(error.prefix(300))),
                next_attempt_at = CASE WHEN \(delay)::float8 IS NULL THEN next_attempt_at
                    ELSE now() + make_interval(secs => \(delay)) END,
                dead_at = CASE WHEN \(delay)::float8 IS NULL THEN now() END
            WHERE event_id = \(delivery.eventID) AND subscriber = \(delivery.subscriber)
              AND attempts = \(delivery.attempts) AND delivered_at IS NULL AND dead_at IS NULL
            """)
    }

    /// Deletes events published, and delivered everywhere, before `outboxAge` ago (dead-lettered ones stay for a
    /// replay), and inbox entries older than `inboxAge`. With several dispatchers, one does it at a time.
    /// Returns the rows deleted, or `nil` when another dispatcher holds the lock.
    func cleanUp(outboxAge: Duration, inboxAge: Duration, batchSize: Int = 5000) async throws -> (
        outbox: Int, inbox: Int
    )? {
        try await pool.withTransaction { connection in
            let locked = try await connection.query(
                "SELECT pg_try_advisory_xact_lock(hashtext(current_schema() || '.outbox retention'))")
            guard try locked[0].decode(Bool.self, at: 0) else { return nil }
            var outbox = 0
            while true {
                let deleted = try await connection.execute(
                    """
                    DELETE FROM outbox WHERE id IN (
                        SELECT o.id FROM outbox AS o
                        WHERE o.published_at < now() - make_interval(secs => \(Self.seconds(outboxAge)))
                          AND NOT EXISTS (
                            SELECT 1 FROM outbox_deliveries AS d
                            WHERE d.event_id = o.id AND (d.delivered_at IS NULL
                              OR d.delivered_at >= now() - make_interval(secs => \(Self.seconds(outboxAge)))))
                        LIMIT \(batchSize))
                    """)
                outbox += deleted
                if deleted < batchSize { break }
            }
            let inbox = try await connection.execute(
                "DELETE FROM inbox WHERE received_at < now() - make_interval(secs => \(Self.seconds(inboxAge)))")
            return (outbox, inbox)
        }
    }

    /// The deliveries matching the filter, newest event first, after `cursor`.
    func list(status: OutboxDelivery.Status?, topic: String?, after cursor: DeliveryKey?, limit: Int) async throws
        -> [OutboxDelivery]
    {
        let condition: Query =
            switch status {
            case .pending: "d.delivered_at IS NULL AND d.dead_at IS NULL"
            case .delivered: "d.delivered_at IS NOT NULL"
            case .dead: "d.dead_at IS NOT NULL"
            case nil: "true"
            }
        return try await pool.query(
            """
            SELECT d.event_id, o.topic, d.subscriber, d.attempts, d.next_attempt_at, d.delivered_at, d.dead_at,
                d.last_error, o.created_at
            FROM outbox_deliveries AS d JOIN outbox AS o ON o.id = d.event_id
            WHERE \(condition) AND (\(topic)::text IS NULL OR o.topic = \(topic))
              AND (\(cursor?.eventId)::uuid IS NULL
                OR (d.event_id, d.subscriber) < (\(cursor?.eventId)::uuid, \(cursor?.subscriber)::text))
            ORDER BY d.event_id DESC, d.subscriber DESC LIMIT \(limit)
            """
        ).map { row in
            let deliveredAt = try row.decode(Date?.self, at: 5)
            let deadAt = try row.decode(Date?.self, at: 6)
            let status: OutboxDelivery.Status = deliveredAt != nil ? .delivered : deadAt != nil ? .dead : .pending
            return OutboxDelivery(
                eventId: try row.decode(UUID.self, at: 0).lowercased, topic: try row.decode(at: 1),
                subscriber: try row.decode(at: 2), status: status.rawValue, attempts: try row.decode(at: 3),
                nextAttemptAt: status == .pending ? RFC3339.string(try row.decode(Date.self, at: 4)) : nil,
                deliveredAt: deliveredAt.map(RFC3339.string), deadAt: deadAt.map(RFC3339.string),
                lastError: try row.decode(at: 7), createdAt: RFC3339.string(try row.decode(Date.self, at: 8)))
        }
    }

    /// Makes the event's deliveries (to `subscriber` only, if given) due now as new: attempts 0, neither
    /// delivered nor dead. Returns how many there were.
    func replay(eventID: UUID, subscriber: String?) async throws -> Int {
        try await pool.execute(
            """
            UPDATE outbox_deliveries
            SET attempts = 0, next_attempt_at = now(), delivered_at = NULL, dead_at = NULL, last_error = NULL
            WHERE event_id = \(eventID) AND (\(subscriber)::text IS NULL OR subscriber = \(subscriber))
            """)
    }

    /// The sort key of a delivery in the admin list, carried in its cursor.
    struct DeliveryKey: Codable, Sendable {
        var eventId: UUID
        var subscriber: String
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}
