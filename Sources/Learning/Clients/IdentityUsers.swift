import Contracts
import Foundation
import ServiceKit

/// Identity's internal user lookups: by id for certificate holders' names, by e-mail for `learning seed`.
struct IdentityUsers: Sendable {
    let client: InternalClient
    let identityURL: String

    /// The user with this address, or `nil` when identity has none.
    func user(email: String) async throws -> InternalUser? {
        try await client.get(
            "/internal/v1/users?email=" + InternalClient.queryValue(email),
            at: identityURL, as: InternalUser.self, requestID: nil)
    }
}

extension IdentityUsers {
    /// The user with `id` (deleted ones too, marked so), or `nil` when identity has none.
    func user(id: UUID) async throws -> InternalUser? {
        try await client.get(
            "/internal/v1/users/" + id.lowercased, at: identityURL, as: InternalUser.self, requestID: nil)
    }
}
