import Contracts
import Foundation
import HTTP
import Postgres
import ServiceKit

/// Who instructors are: catalog's `instructors` read model first, else identity's internal user lookup, whose
/// answer is stored for next time. The one place catalog calls identity.
struct InstructorDirectory: Sendable {
    let pool: PostgresPool
    let client: HTTPClient
    let identityURL: String
    let credential: ServiceCredential
    let logger: Logger

    /// Identity could not answer a lookup: unreachable, or an unexpected status or body.
    struct Unreachable: Error, CustomStringConvertible {
        let description: String
    }

    /// The display name to put on a new course of `userID`. Throws 503 when identity must be asked and cannot
    /// answer, 403 when the account is gone.
    func displayName(of userID: UUID, requestId: String? = nil) async throws -> String {
        let stored = try await pool.query(
            "SELECT display_name, is_deleted FROM instructors WHERE id = \(userID)"
        ).first?.decode((String, Bool).self)
        if let (name, isDeleted) = stored {
            if isDeleted { throw ServiceError.forbidden }
            return name
        }
        let user: InternalUser?
        do {
            user = try await self.user(id: userID, requestId: requestId)
        } catch let error as Unreachable {
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
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~@")
        let query = email.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
        return try await lookup("/internal/v1/users?email=" + query, requestId: requestId)
    }

    private func lookup(_ path: String, requestId: String?) async throws -> InternalUser? {
        let base = identityURL.hasSuffix("/") ? String(identityURL.dropLast()) : identityURL
        let response: ClientResponse
        do {
            response = try await client.execute(
                ClientRequest(
                    method: .get, url: base + path,
                    headers: ["Authorization": credential.authorization(), "Accept": "application/json"],
                    requestId: requestId, timeout: .seconds(5)))
        } catch {
            throw Unreachable(description: "identity at \(base) could not be reached (\(error))")
        }
        switch response.status.code {
        case 200:
            do {
                return try response.decode(InternalUser.self)
            } catch {
                throw Unreachable(description: "identity at \(base) answered \(path) with an unexpected body")
            }
        case 404:
            return nil
        default:
            throw Unreachable(description: "identity at \(base) answered \(path) with \(response.status.code)")
        }
    }
}
