import Contracts
import Foundation
import HTTP

extension RequestContext {
    /// The authenticated caller; 401 if there is none.
    public func requirePrincipal() throws -> Principal {
        guard let principal = principal(as: Principal.self) else { throw ServiceError.unauthorized }
        return principal
    }

    /// The authenticated caller if their role is one of `roles`; 401 without one, 403 otherwise.
    @discardableResult
    public func requireRole(_ roles: Role...) throws -> Principal {
        try requireRole(among: roles)
    }

    /// `requireRole(_:)` with the roles as a list.
    @discardableResult
    public func requireRole(among roles: [Role]) throws -> Principal {
        let principal = try requirePrincipal()
        guard roles.contains(principal.role) else { throw ServiceError.forbidden }
        return principal
    }

    /// The authenticated caller if they own a row owned by `ownerID`, or are an admin; 403 otherwise.
    @discardableResult
    public func requireOwner(_ ownerID: UUID) throws -> Principal {
        let principal = try requirePrincipal()
        guard principal.userID == ownerID || principal.isAdmin else { throw ServiceError.forbidden }
        return principal
    }
}
