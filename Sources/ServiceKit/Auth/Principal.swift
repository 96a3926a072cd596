import Contracts
import Crypto
import Foundation

/// Who is calling, as an access token says: the user id, role and instructor approval.
public struct Principal: Sendable, Equatable {
    /// The user's id (`sub`).
    public var userID: UUID
    /// The user's role (`role`).
    public var role: Role
    /// Whether the user is an approved instructor (`approved`).
    public var isApproved: Bool

    /// Creates a principal.
    public init(userID: UUID, role: Role, isApproved: Bool) {
        self.userID = userID
        self.role = role
        self.isApproved = isApproved
    }

    /// The principal the claims describe, or `nil` if `sub` or `role` is missing or malformed (a role no service
    /// knows included).
    public init?(claims: JWTClaims) {
        guard let subject = claims.subject, let id = UUID(uuidString: subject),
            let role = claims.role.flatMap(Role.init)
        else { return nil }
        self.init(userID: id, role: role, isApproved: claims.isApproved ?? false)
    }

    /// Whether the principal is an administrator.
    public var isAdmin: Bool { role == .admin }
}
