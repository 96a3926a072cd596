import Crypto
import Foundation
import Postgres

/// Events for other services, written in the caller's transaction (dispatched by the shared outbox relay).
struct OutboxStore: Sendable {
    let ids: UUIDv7Generator

    /// Records `user.changed` with the user's public, absolute state.
    func userChanged(_ user: User, on connection: PostgresConnection) async throws {
        try await event(
            "user.changed",
            payload: [
                "id": user.id.uuidString.lowercased(), "firstName": user.firstName, "lastName": user.lastName,
                "role": user.role.rawValue, "status": user.status.rawValue,
                "isInstructorApproved": user.isInstructorApproved ? "true" : "false",
                "updatedAt": Timestamp.string(user.updatedAt),
            ], on: connection)
    }

    /// Records an event with a flat payload.
    func event(_ topic: String, payload: [String: String], on connection: PostgresConnection) async throws {
        try await connection.execute(
            "INSERT INTO outbox (id, topic, payload) VALUES (\(ids.next()), \(topic), \(UserRows.json(payload))::jsonb)"
        )
    }
}
