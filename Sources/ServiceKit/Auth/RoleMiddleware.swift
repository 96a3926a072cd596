import Contracts
import HTTP

/// Lets through only callers in one of `roles` (401 without a principal, 403 in another role); goes after the
/// authentication middleware, e.g. `[guards.authenticated, RoleMiddleware(.admin)]`.
public struct RoleMiddleware: Middleware {
    let roles: [Role]

    /// Creates the middleware for `roles`.
    public init(_ roles: Role...) {
        self.roles = roles
    }

    /// Checks the caller's role, then calls `next`.
    public func handle(_ request: Request, context: RequestContext, next: Next) async throws -> Response {
        try context.requireRole(among: roles)
        return try await next(request, context)
    }
}
