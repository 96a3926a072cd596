import Contracts
import Crypto
import Foundation
import Postgres
import ServiceKit
import Time

/// Identity's events for other services (`Contracts` payloads), written in the caller's transaction to the
/// outbox that the `OutboxDispatcher` delivers.
struct UserEvents: Sendable {
    let ids: UUIDv7Generator

    /// Records `user.changed` with the user's public, absolute state.
    func userChanged(_ user: User, on connection: PostgresConnection) async throws {
        try await Outbox(ids: ids).append(.userChanged, user.changed, on: connection)
    }

    /// Records `user.deleted`: other services erase what refers to the user.
    func userDeleted(id: UUID, at deletedAt: Date, on connection: PostgresConnection) async throws {
        try await Outbox(ids: ids).append(
            .userDeleted, UserDeleted(id: id.lowercased, deletedAt: RFC3339.string(deletedAt)),
            on: connection)
    }
}
