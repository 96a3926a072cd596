import Contracts
import Crypto
import Foundation
import HTTP
import Postgres

/// Writes events to the service's `outbox` table, in the caller's transaction, so an event exists if and only
/// if the change it announces was committed. The `OutboxDispatcher` delivers them.
public struct Outbox: Sendable {
    let ids: UUIDv7Generator

    /// Creates a writer that names events with `ids`.
    public init(ids: UUIDv7Generator = UUIDv7Generator()) {
        self.ids = ids
    }

    /// Appends an event of `topic` carrying `payload` on `connection` (inside the transaction that made the
    /// change) and returns its id.
    @discardableResult
    public func append<Payload>(
        _ topic: EventTopic<Payload>, _ payload: Payload, on connection: PostgresConnection
    ) async throws -> UUID {
        let id = ids.next()
        let json = String(decoding: try Self.writer.encode(payload), as: UTF8.self)
        try await connection.execute(
            "INSERT INTO outbox (id, topic, payload) VALUES (\(id), \(topic.name), \(json)::jsonb)")
        return id
    }

    /// Sorted keys and RFC 3339 dates, as payloads have always been written.
    static let writer = JSONWriter(sortsKeys: true, dateEncoding: .iso8601)
}
