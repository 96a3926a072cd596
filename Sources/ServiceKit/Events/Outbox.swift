import Crypto
import Foundation
import Postgres

/// Writes events to the service's `outbox` table, in the caller's transaction, so an event exists if and only
/// if the change it announces was committed. The `OutboxDispatcher` delivers them.
public struct Outbox: Sendable {
    let ids: UUIDv7Generator

    /// Creates a writer that names events with `ids`.
    public init(ids: UUIDv7Generator = UUIDv7Generator()) {
        self.ids = ids
    }

    /// Appends an event on `connection` (inside the transaction that made the change) and returns its id.
    @discardableResult
    public func append(_ topic: String, _ payload: some Encodable, on connection: PostgresConnection) async throws
        -> UUID
    {
        let id = ids.next()
        let json = String(decoding: try Self.encoder.encode(payload), as: UTF8.self)
        try await connection.execute(
            "INSERT INTO outbox (id, topic, payload) VALUES (\(id), \(topic), \(json)::jsonb)")
        return id
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()
}
