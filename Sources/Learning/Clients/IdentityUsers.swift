import Contracts
import Foundation
import ServiceKit

/// Identity's internal user lookup by e-mail, which only `learning seed` needs (to find the demo student).
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
