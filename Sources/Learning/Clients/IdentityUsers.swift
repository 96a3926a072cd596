import Contracts
import Foundation
import ServiceKit

/// Identity's internal user lookup by e-mail, which only `learning seed` needs (to find the demo student).
struct IdentityUsers: Sendable {
    let client: InternalClient
    let identityURL: String

    /// The user with this address, or `nil` when identity has none.
    func user(email: String) async throws -> InternalUser? {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~@")
        return try await client.get(
            "/internal/v1/users?email=" + (email.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""),
            at: identityURL, as: InternalUser.self, requestID: nil)
    }
}
