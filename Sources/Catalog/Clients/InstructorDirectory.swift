import Contracts
import Foundation
import HTTP
import Logging
import Postgres
import ServiceKit

/// Who instructors are: catalog's `instructors` read model first (`InstructorStore`), else identity's internal
/// user lookup, whose answer is stored for next time. The one place catalog calls identity; its SQL is the
/// store's.
struct InstructorDirectory: Sendable {
    let pool: PostgresPool
    let client: InternalClient
    let identityURL: String
    let logger: Logger

    /// The display name to put on a new course of `userID`. Throws 503 when identity must be asked and cannot
    /// answer, 403 when the account is gone.
    func displayName(of userID: UUID, requestId: String? = nil) async throws -> String {
        let stored = try await pool.withConnection { connection in
            try await InstructorStore.entry(of: userID, on: connection)
        }
        if let (name, isDeleted) = stored {
            if isDeleted { throw ServiceError.forbidden }
            return name
        }
        let user: InternalUser?
        do {
            user = try await self.user(id: userID, requestId: requestId)
        } catch let error as InternalCallError {
            logger.warning("instructor lookup failed", ["error": error.description])
            throw CatalogError.identityUnavailable
        }
        guard let user, !user.isDeleted else { throw ServiceError.forbidden }
        return try await pool.withConnection { connection in
            try await InstructorStore.store(user, on: connection)
        }
    }

    /// `GET /internal/v1/users/{id}`: the user, or `nil` when identity has none.
    func user(id: UUID, requestId: String? = nil) async throws -> InternalUser? {
        try await lookup("/internal/v1/users/" + id.lowercased, requestId: requestId)
    }

    /// `GET /internal/v1/users?email=`: the user with this address, or `nil` when identity has none.
    func user(email: String, requestId: String? = nil) async throws -> InternalUser? {
        try await lookup("/internal/v1/users?email=" + InternalClient.queryValue(email), requestId: requestId)
    }

    private func lookup(_ path: String, requestId: String?) async throws -> InternalUser? {
        try await client.get(path, at: identityURL, as: InternalUser.self, requestID: requestId)
    }
}
